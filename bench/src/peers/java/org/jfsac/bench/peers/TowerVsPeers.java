package org.jfsac.bench.peers;

import org.jfsac.core.backend.Backend;
import org.jfsac.core.backend.Devices;
import org.jfsac.core.cpu.CpuGemm;
import org.jfsac.core.cpu.Parallel;
import org.jfsac.core.random.Rng;
import org.jfsac.core.tensor.GradMode;
import org.jfsac.core.tensor.Tensor;
import org.jfsac.fsac.towers.ClipModel;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Issue 14, goals 1 and 2, in one run: the image tower of jfsac, of open_clip on PyTorch (eager) and of ONNX Runtime
 * Java on the same weights (export_onnx.py), same thread count, rounds alternating between the three (the order
 * rotates each round), medians over all rounds. Encode at batch 1 and 8; saliency (forward + backward to the pixels,
 * as FsacClassifier.saliency runs the tower) at batch 1 beside ORT's forward.
 * Usage: TowerVsPeers DIR [rounds] [calls per round and case] [batches, e.g. 1,8] [MODEL ...]. Threads: -Djfsac.threads (default: all cores) for all three.
 */
public final class TowerVsPeers {
    private static final String JF = "jfsac", PT = "PyTorch", ORT = "ORT";

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int reps = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        int[] batches = Arrays.stream((args.length > 3 ? args[3] : "1,8").split(",")).mapToInt(Integer::parseInt).toArray();
        List<String> models = args.length > 4 ? List.of(args).subList(4, args.length) : List.of(PeerFiles.MODELS);
        int threads = Parallel.threads();
        Backend be = Devices.cpu();
        Rounds encode = new Rounds(), saliency = new Rounds();
        String loadBefore = Rounds.loadAverage();
        String banner;
        try (TorchServer torch = new TorchServer(dir, threads)) {
            banner = torch.banner;
            for (String name : models) {
                PeerFiles f = new PeerFiles(dir, name);
                ClipModel m = f.loadJfsac(be);
                int s = m.imageSize();
                try (OrtTower ort = new OrtTower(f.onnx(), s, threads)) {
                    for (int r = 0; r < rounds; r++) {
                        for (int batch : batches) {
                            float[] px = new Rng(batch).normal(be, 0, 1, batch, 3, s, s).toArray();
                            Tensor x = Tensor.of(be, px, batch, 3, s, s);
                            String c = name + ", batch " + batch;
                            if (r == 0) { // warm-up, untimed (torch warms each case itself)
                                encodeJ(m, x);
                                ort.encode(px, batch);
                            }
                            for (int k = 0; k < 3; k++) {
                                switch ((r + k) % 3) {
                                    case 0 -> encode.add(c, JF, time(reps, () -> encodeJ(m, x)));
                                    case 1 -> encode.add(c, PT, torch.time("encode", name, batch, reps));
                                    default -> encode.add(c, ORT, time(reps, () -> ort.encode(px, batch)));
                                }
                            }
                            if (batch == 1) {
                                Tensor w = new Rng(3).normal(be, 0, 1, 1, m.embedDim());
                                if (r == 0) saliencyJ(m, x, w);
                                String sc = name + ", batch 1";
                                for (int k = 0; k < 3; k++) {
                                    switch ((r + k) % 3) {
                                        case 0 -> saliency.add(sc, JF, time(reps, () -> saliencyJ(m, x, w)));
                                        case 1 -> saliency.add(sc, PT, torch.time("saliency", name, 1, reps));
                                        default -> saliency.add(sc, "ORT forward", time(reps, () -> ort.encode(px, 1)));
                                    }
                                }
                            }
                        }
                        System.err.printf("%s round %d done (load %s)%n", name, r + 1, Rounds.loadAverage());
                    }
                }
            }
        }
        String header = String.format("jfsac GEMM: %s; %d threads each (jfsac -Djfsac.threads, torch.set_num_threads, ORT intra-op); "
                + "PyTorch: %s; ONNX Runtime Java %s; %d rounds × %d calls; load average before %s, after %s",
                CpuGemm.provider(), threads, banner, OrtTower.version(), rounds, reps, loadBefore, Rounds.loadAverage());
        System.out.println("\n### Image tower, ms per batch (" + header + ")\n");
        System.out.println(encode.table(JF, PT, ORT));
        System.out.println("### Saliency: forward + backward to the pixels, batch 1, ms (ORT: forward only, it has no backward)\n");
        System.out.println(saliency.table(JF, PT, "ORT forward"));
    }

    interface Call { void run() throws Exception; }

    static double[] time(int reps, Call c) throws Exception {
        double[] t = new double[reps];
        for (int i = 0; i < reps; i++) {
            long t0 = System.nanoTime();
            c.run();
            t[i] = (System.nanoTime() - t0) / 1e6;
        }
        return t;
    }

    static float[] encodeJ(ClipModel m, Tensor x) {
        try (GradMode g = GradMode.noGrad()) {
            return m.encodeImage(x).toArray();
        }
    }

    /** As FsacClassifier.saliency through the tower: pixels require grad, frozen weights, a scalar of the embedding, backward. */
    static float[] saliencyJ(ClipModel m, Tensor x, Tensor w) {
        Tensor xi = x.detach().requiresGrad(true);
        try (GradMode g = GradMode.enableGrad()) {
            m.encodeImage(xi).mul(w).sum().backward();
        }
        return xi.grad().toArray();
    }
}
