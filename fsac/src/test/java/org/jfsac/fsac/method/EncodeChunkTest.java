package org.jfsac.fsac.method;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.jfsac.core.backend.Devices;
import org.jfsac.core.cpu.CpuGemm;
import org.jfsac.core.random.Rng;
import org.jfsac.core.tensor.GradMode;
import org.jfsac.core.tensor.Tensor;
import org.jfsac.fsac.demo.DemoClass;
import org.jfsac.fsac.demo.DemoDataset;
import org.jfsac.fsac.demo.DemoModel;
import org.jfsac.fsac.towers.ClipBackbone;
import org.jfsac.clip.image.RgbImage;
import org.junit.jupiter.api.Test;

/**
 * Training on anomalies synthesised and encoded ahead in chunks: the same weights and losses bit for bit
 * whatever the chunk, and, with one shot, the same as the former one-step-at-a-time path. The images are the
 * demo's; most cases use a per-image stand-in encoder, so any difference left comes from order or random streams
 * leaking into the chunking; one case uses the real demo tower under the JVM's GEMM provider (the default in the
 * suite: the system OpenBLAS), whose encoding of an image must not depend on the images sharing its encoder call
 * (core's one-GEMM-per-sample split). Tolerance 0 throughout.
 */
class EncodeChunkTest {
    private static final int SIZE = 32;
    private static final int WIDTH = 6;
    private static final Tensor PROTOTYPES = new Rng(10).normal(Devices.cpu(), 0, 1, 2, WIDTH);

    /** FsacMethodTest's stand-in encoder (per-image statistics, so row-invariant); records every call's size. */
    private static Trainer.Encoder oneByOne(List<Integer> calls) {
        return images -> {
            calls.add(images.size());
            return FsacMethodTest.encode(images);
        };
    }

    private static List<RgbImage> normals(int k) {
        List<RgbImage> out = new ArrayList<>();
        for (int i = 0; i < k; i++) out.add(DemoDataset.normal(DemoClass.GRID, SIZE, 7, "train", i));
        return out;
    }

    private static Tensor features(List<RgbImage> imgs) {
        return oneByOne(new ArrayList<>()).apply(imgs);
    }

    private record Run(List<Double> losses, Map<String, float[]> weights) {}

    private static Run run(FsacConfig cfg, List<RgbImage> normals, long seed, Trainer trainer) {
        return run(normals, seed, trainer, EncodeChunkTest::features, PROTOTYPES);
    }

    /** A head as wide as the prototypes, trained on the normals' features from {@code encoder}. */
    private static Run run(List<RgbImage> normals, long seed, Trainer trainer, Trainer.Encoder encoder, Tensor prototypes) {
        FsacHead h = new FsacHead(Devices.cpu(), prototypes.size(1), new Rng(seed));
        List<Double> losses = trainer.train(h, prototypes, normals, encoder.apply(normals), seed, null);
        Map<String, float[]> w = new LinkedHashMap<>();
        h.namedParameters().forEach((n, p) -> w.put(n, p.toArray()));
        return new Run(losses, w);
    }

    private static void assertSame(Run a, Run b, String what) {
        assertEquals(a.losses(), b.losses(), what + ": losses");
        for (String n : a.weights().keySet()) assertArrayEquals(a.weights().get(n), b.weights().get(n), 0f, what + ": " + n);
    }

    @Test
    void chunkSizeChangesNothingAndBoundsEachEncode() {
        FsacConfig cfg = new FsacConfig();
        cfg.epochs = 4;
        List<RgbImage> normals = normals(3); // batch size 2: steps of 2 then 1, so chunks cut through steps
        Synthesizer synth = Synthesizer.from(cfg, "grid");
        List<Integer> calls1 = new ArrayList<>();
        Run one = run(cfg, normals, 5, new Trainer(cfg, oneByOne(calls1), synth, 1));
        assertEquals(12, calls1.size(), "chunk 1: one call per synthetic anomaly");
        assertSame(one, run(cfg, normals, 5, new Trainer(cfg, oneByOne(new ArrayList<>()), synth, 1)), "chunk 1 repeated");
        for (int chunk : new int[]{7, 64}) {
            List<Integer> calls = new ArrayList<>();
            Run r = run(cfg, normals, 5, new Trainer(cfg, oneByOne(calls), synth, chunk));
            assertEquals(chunk == 7 ? List.of(7, 5) : List.of(12), calls, "anomalies per encoder call, chunk " + chunk);
            assertSame(one, r, "chunk " + chunk + " vs 1");
        }
        assertSame(one, run(cfg, normals, 5, new Trainer(cfg, oneByOne(new ArrayList<>()), synth, 1)), "chunk 1 again");
    }

    @Test
    void realDemoTowerGivesTheSameBitsWhateverTheChunk() {
        FsacConfig cfg = new FsacConfig();
        cfg.epochs = 3;
        List<RgbImage> normals = normals(3);
        Synthesizer synth = Synthesizer.from(cfg, "grid");
        ClipBackbone clip = DemoModel.backbone(Devices.cpu(), SIZE, 0);
        Tensor prototypes = new Rng(10).normal(Devices.cpu(), 0, 1, 2, clip.embedDim());
        // 9 anomalies: chunk 1 encodes each alone, chunk 7 as 7 + 2, chunk 64 all 9 in one forward pass
        Run one = run(normals, 5, new Trainer(cfg, clip::encodeRgb, synth, 1), clip::encodeRgb, prototypes);
        for (int chunk : new int[]{7, 64})
            assertSame(one, run(normals, 5, new Trainer(cfg, clip::encodeRgb, synth, chunk), clip::encodeRgb, prototypes),
                    "demo tower, chunk " + chunk + " vs 1, GEMM " + CpuGemm.provider());
    }

    /** The former path: one stream for shuffles and synthesis, each step's anomalies encoded on their own. */
    private static List<Double> formerPath(FsacConfig cfg, FsacHead head, List<RgbImage> normals, Tensor feats, long seed,
                                           Trainer.Encoder enc, Synthesizer synth) {
        HeadTrainer opt = new HeadTrainer(head, PROTOTYPES, cfg);
        SplittableRandom rng = new SplittableRandom(seed);
        int k = normals.size(), b = cfg.batchSize(k);
        List<Double> history = new ArrayList<>();
        for (int epoch = 0; epoch < cfg.epochs; epoch++) {
            int[] order = cfg.sortedOrder ? Trainer.identity(k) : Trainer.permutation(k, rng);
            double sum = 0;
            int steps = 0;
            for (int start = 0; start < k; start += b) {
                int[] idx = java.util.Arrays.copyOfRange(order, start, Math.min(k, start + b));
                List<RgbImage> s = new ArrayList<>();
                for (int i : idx) s.add(synth.synthesize(normals.get(i), rng));
                Tensor fa;
                try (GradMode g = GradMode.noGrad()) {
                    fa = enc.apply(s);
                }
                sum += opt.step(Trainer.rows(feats, idx), fa).total().item();
                steps++;
            }
            history.add(sum / steps);
        }
        head.train(false);
        return history;
    }

    @Test
    void oneShotRunsAreTheFormerPathsBitForBit() {
        FsacConfig cfg = new FsacConfig();
        cfg.epochs = 5;
        List<RgbImage> normals = normals(1);
        Synthesizer synth = Synthesizer.from(cfg, "grid");
        FsacHead h = new FsacHead(Devices.cpu(), WIDTH, new Rng(9));
        List<Double> former = formerPath(cfg, h, normals, features(normals), 9, oneByOne(new ArrayList<>()), synth);
        Map<String, float[]> w = new LinkedHashMap<>();
        h.namedParameters().forEach((n, p) -> w.put(n, p.toArray()));
        assertSame(new Run(former, w), run(cfg, normals, 9, new Trainer(cfg, oneByOne(new ArrayList<>()), synth)), "one shot");
    }
}
