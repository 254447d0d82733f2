package org.jfsac.bench.peers;

import org.jfsac.core.backend.Backend;
import org.jfsac.core.backend.Devices;
import org.jfsac.core.backend.View;
import org.jfsac.core.cpu.CpuGemm;
import org.jfsac.core.cpu.Parallel;
import org.jfsac.core.random.Rng;
import org.jfsac.core.tensor.GradMode;
import org.jfsac.core.tensor.Tensor;
import org.jfsac.fsac.towers.ClipModel;

import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where the time of a jfsac image-tower forward goes (issue 14, goal 1): the CPU backend behind a timing {@link BackendTap}, so
 * every backend op (GEMM, attention, layer norm, each elementwise op, copies, allocation) is timed as called, and
 * the rest of the forward (tensor bookkeeping in Java) is the difference to the wall time. Whatever GEMM the core
 * selects is what runs. Usage: OpProfile DIR [MODEL] [batch] [reps] (weights from export_onnx.py).
 */
public final class OpProfile {
    private static final class Timing implements BackendTap.Hook {
        final Map<String, long[]> nanosAndCalls = new TreeMap<>();
        final Map<String, Double> flops = new TreeMap<>();

        @Override public Object call(Backend target, java.lang.reflect.Method m, Object[] a) throws Throwable {
            long t0 = System.nanoTime();
            Object r = BackendTap.invoke(target, m, a);
            long dt = System.nanoTime() - t0;
            String key = switch (m.getName()) {
                case "unary", "binary" -> m.getName() + " " + a[0];
                default -> m.getName();
            };
            long[] s = nanosAndCalls.computeIfAbsent(key, k -> new long[2]);
            s[0] += dt;
            s[1]++;
            if (m.getName().equals("gemm")) // (transA, transB, m, n, k, ..., batch last)
                flops.merge(key, 2.0 * (int) a[2] * (int) a[3] * (int) a[4] * (int) a[a.length - 1], Double::sum);
            if (m.getName().equals("attention")) { // q [B, H, Tq, D], k [B, H, Tk, D]: QK^T and PV
                int[] q = ((View) a[0]).shape(), k = ((View) a[1]).shape();
                flops.merge(key, 4.0 * q[0] * q[1] * q[2] * k[2] * q[3], Double::sum);
            }
            return r;
        }

        void reset() { nanosAndCalls.clear(); flops.clear(); }
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        String model = args.length > 1 ? args[1] : PeerFiles.MODELS[0];
        int batch = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        int reps = args.length > 3 ? Integer.parseInt(args[3]) : 5;
        Timing timing = new Timing();
        Backend be = BackendTap.wrap(Devices.cpu(), timing);
        ClipModel m = new PeerFiles(dir, model).loadJfsac(be);
        int s = m.imageSize();
        Tensor x = new Rng(1).normal(be, 0, 1, batch, 3, s, s);
        for (int i = 0; i < 2; i++) forward(m, x);
        timing.reset();
        long t0 = System.nanoTime();
        for (int i = 0; i < reps; i++) forward(m, x);
        double wall = (System.nanoTime() - t0) / 1e6 / reps;
        System.out.printf("%n### Where the time of one %s forward goes (batch %d, mean of %d, %d threads, GEMM: %s, load %s)%n%n",
                model, batch, reps, Parallel.threads(), CpuGemm.provider(), Rounds.loadAverage());
        System.out.println("| op | ms per forward | share | calls per forward | GFLOP/s |");
        System.out.println("|---|---:|---:|---:|---:|");
        double ops = 0;
        for (var e : timing.nanosAndCalls.entrySet().stream().sorted((p, q) -> Long.compare(q.getValue()[0], p.getValue()[0])).toList()) {
            double ms = e.getValue()[0] / 1e6 / reps;
            ops += ms;
            Double f = timing.flops.get(e.getKey());
            System.out.printf("| %s | %.1f | %.1f %% | %d | %s |%n", e.getKey(), ms, 100 * ms / wall, e.getValue()[1] / reps,
                    f == null ? "" : String.format("%.1f", f / reps / (ms * 1e6)));
        }
        System.out.printf("| rest (Java: tensor bookkeeping, autograd checks, GC) | %.1f | %.1f %% | | |%n", wall - ops, 100 * (wall - ops) / wall);
        System.out.printf("| **forward (wall)** | **%.1f** | | | |%n", wall);
    }

    private static void forward(ClipModel m, Tensor x) {
        try (GradMode g = GradMode.noGrad()) {
            m.encodeImage(x).toArray();
        }
    }
}
