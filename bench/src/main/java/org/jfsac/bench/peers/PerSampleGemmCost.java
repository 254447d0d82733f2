package org.jfsac.bench.peers;

import org.jfsac.core.backend.Devices;
import org.jfsac.core.cpu.CpuGemm;
import org.jfsac.core.cpu.Parallel;
import org.jfsac.core.random.Rng;
import org.jfsac.core.tensor.GradMode;
import org.jfsac.core.tensor.Tensor;
import org.jfsac.fsac.towers.ClipModel;

import java.nio.file.Path;

/**
 * What core's one-GEMM-per-sample split costs at real CLIP size: the image tower's forward with
 * {@code jfsac.gemm.perSample} true (the default: batch-independent bits) and false (one GEMM over all images' rows),
 * alternating in one JVM round by round so both see the same machine load. Two tables: wall time, and the process's
 * CPU time (all threads, OpenBLAS's own included), which on a shared machine says more about the work than the wall
 * time does (run with {@code OPENBLAS_NUM_THREADS=1 -Djfsac.threads=1} for the least noise). Usage:
 * PerSampleGemmCost DIR [rounds] [batches, e.g. 1,8] [models, comma-separated] (weights from export_onnx.py).
 */
public final class PerSampleGemmCost {
    private static final String PROPERTY = "jfsac.gemm.perSample";

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        String[] batches = (args.length > 2 ? args[2] : "1,8").split(",");
        String[] models = args.length > 3 ? args[3].split(",") : PeerFiles.MODELS;
        Rounds wall = new Rounds(), cpu = new Rounds();
        String loadBefore = Rounds.loadAverage();
        for (String model : models) {
            ClipModel m = new PeerFiles(dir, model).loadJfsac(Devices.cpu());
            int s = m.imageSize();
            for (String b : batches) {
                int batch = Integer.parseInt(b.trim());
                Tensor x = new Rng(1).normal(Devices.cpu(), 0, 1, batch, 3, s, s);
                String caseName = model + ", batch " + batch;
                for (String setting : new String[]{"true", "false"}) time(m, x, setting); // warm-up, both paths
                for (int round = 0; round < rounds; round++) {
                    // alternate which setting goes first, so neither always follows the other
                    for (String setting : round % 2 == 0 ? new String[]{"true", "false"} : new String[]{"false", "true"}) {
                        double[] t = time(m, x, setting);
                        String name = setting.equals("true") ? "per sample" : "one GEMM";
                        wall.add(caseName, name, t[0]);
                        cpu.add(caseName, name, t[1]);
                    }
                    System.err.println(caseName + ": round " + (round + 1) + " of " + rounds + " done");
                }
            }
            m = null;
            System.gc();
        }
        System.setProperty(PROPERTY, "true");
        String setup = String.format("%d threads, OPENBLAS_NUM_THREADS=%s, GEMM: %s, load %s before, %s after", Parallel.threads(),
                System.getenv().getOrDefault("OPENBLAS_NUM_THREADS", "unset"), CpuGemm.provider(), loadBefore, Rounds.loadAverage());
        System.out.printf("%n### Image-tower forward, per sample vs one GEMM: wall ms per forward (%s)%n%n", setup);
        System.out.print(wall.table("per sample", "one GEMM"));
        System.out.printf("%n### The same forwards: process CPU ms per forward (all threads)%n%n");
        System.out.print(cpu.table("per sample", "one GEMM"));
    }

    /** Wall and process CPU ms of one forward. */
    private static double[] time(ClipModel m, Tensor x, String perSample) {
        System.setProperty(PROPERTY, perSample);
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        long c0 = os.getProcessCpuTime(), t0 = System.nanoTime();
        try (GradMode g = GradMode.noGrad()) {
            m.encodeImage(x).toArray();
        }
        return new double[]{(System.nanoTime() - t0) / 1e6, (os.getProcessCpuTime() - c0) / 1e6};
    }
}
