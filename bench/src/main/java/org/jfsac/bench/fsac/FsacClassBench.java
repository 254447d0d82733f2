package org.jfsac.bench.fsac;

import org.jfsac.bench.SideBySide;
import org.jfsac.clip.config.ClipConfig;
import org.jfsac.clip.image.ResizeMode;
import org.jfsac.clip.tokenizer.ClipTokenizer;
import org.jfsac.core.backend.Backend;
import org.jfsac.core.backend.Devices;
import org.jfsac.core.random.Rng;
import org.jfsac.core.tensor.Tensor;
import org.jfsac.fsac.api.FsacClassifier;
import org.jfsac.fsac.towers.ClipBackbone;
import org.jfsac.fsac.towers.ClipModel;
import org.jfsac.fsac.demo.DemoClass;
import org.jfsac.fsac.demo.DemoDataset;
import org.jfsac.core.optim.Adam;
import org.jfsac.core.optim.ParamGroup;
import org.jfsac.fsac.method.FsacConfig;
import org.jfsac.fsac.method.FsacHead;
import org.jfsac.fsac.method.FsacLoss;
import org.jfsac.fsac.method.Prompts;
import org.jfsac.fsac.method.Scorer;
import org.jfsac.fsac.method.Synthesizer;
import org.jfsac.fsac.method.TextPrototypes;
import org.jfsac.clip.image.RgbImage;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Where the time of one class goes (k = 1, 5 seeds, ~100 test images, ViT-B-16-plus-240 random weights):
 * encoding, text prototypes, synthesis, training, evaluation; plus per-image score and saliency latency.
 * Training costs are measured per step (synthesis, encoding the synthetic image, head step) and multiplied by
 * the 500 steps of 5 seeds x 100 epochs; a real short fit cross-checks the sum.
 * Usage: FsacClassBench [testImages=100] [epochsTimed=3] [device=cpu]
 */
public final class FsacClassBench {
    public static void main(String[] args) throws Exception {
        int nTest = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        int epochsTimed = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Backend be = Devices.select(args.length > 2 ? args[2] : "cpu");
        ClipConfig cfgClip = ClipConfig.builtin("ViT-B-16-plus-240");
        ClipBackbone clip = new ClipBackbone(new ClipModel(be, cfgClip, new Rng(1)), ClipTokenizer.bytesOnly(), ResizeMode.SQUASH, "bench", 8);
        // MVTec images are ~700-1024 px; 512 px keeps synthesis and resizing representative.
        int px = 512;
        List<BufferedImage> test = new ArrayList<>();
        for (int i = 0; i < nTest; i++) test.add(DemoDataset.normal(DemoClass.GRID, px, 3, "test", i).toBufferedImage());
        BufferedImage normal = DemoDataset.normal(DemoClass.GRID, px, 3, "train", 0).toBufferedImage();

        long t0 = System.nanoTime();
        Tensor testFeats = clip.encodeImages(test);
        double encode = sec(t0);

        t0 = System.nanoTime();
        Tensor protos = TextPrototypes.compute("grid", clip::encodeTexts, 32);
        double text = sec(t0);

        FsacConfig cfg = FsacConfig.preset("mvtec");
        Synthesizer synth = Synthesizer.from(cfg, "grid");
        RgbImage rgb = RgbImage.fromBufferedImage(normal);
        SplittableRandom r = new SplittableRandom(0);
        double synthOne = SideBySide.medianMs(() -> synth.synthesize(rgb, r), 3, 20) / 1e3;
        double encodeOne = SideBySide.medianMs(() -> clip.encodeImages(List.of(normal)).toArray(), 1, 3) / 1e3;

        // One training step of the head (2 rows: the shot and its synthetic anomaly), timed after warm-up.
        FsacHead head = new FsacHead(be, clip.embedDim(), new Rng(5));
        Tensor pair = Tensor.concat(0, testFeats.narrow(0, 0, 1), testFeats.narrow(0, 1, 1));
        Adam opt = Adam.adam(List.of(new ParamGroup(head.imageSideParameters(), cfg.lrImage), new ParamGroup(head.textSideParameters(), cfg.lrText)));
        double headStep = SideBySide.medianMs(() -> {
            Tensor loss = FsacLoss.compute(head.forward(pair, protos, cfg), 1, cfg).total();
            opt.zeroGrad();
            loss.backward();
            opt.step();
        }, 10, 20) / 1e3;
        // Cross-check: a real fit of a few epochs (after one warm-up fit) against the sum of its parts.
        cfg.epochs = epochsTimed;
        Tensor shotFeat = clip.encodeImages(List.of(normal));
        FsacClassifier.create(clip, "grid", cfg, protos).fit(List.of(normal), shotFeat, 0, null);
        long t0f = System.nanoTime();
        FsacClassifier c = FsacClassifier.create(clip, "grid", cfg, protos).fit(List.of(normal), shotFeat, 0, null);
        double perEpoch = sec(t0f) / epochsTimed;

        t0 = System.nanoTime();
        double[] s = c.scoreFeatures(testFeats);
        double eval = sec(t0) + s.length * 0;
        double scoreLatency = SideBySide.medianMs(() -> c.score(test.get(0)), 1, 5);
        double salLatency = SideBySide.medianMs(() -> c.saliency(test.get(0)), 1, 3);

        int seeds = 5, epochs = 100;
        double trainFull = seeds * epochs * (synthOne + encodeOne + headStep);
        double trainPool = seeds * (epochs * headStep + 16 * (synthOne + encodeOne)); // --synthesis-pool 16
        double total = encode + text + trainFull + seeds * eval;
        System.out.printf("%nOne class, k=1, %d seeds, %d test images, ViT-B-16-plus-240 (random weights) on %s (%s)%n%n", seeds, nTest, be.name(), be.describe());
        System.out.println("| phase | seconds | share | how measured |");
        System.out.println("|---|---:|---:|---|");
        row("encode test set (once per class and checkpoint, then cached)", encode, total, "measured");
        row("text prototypes (" + (Prompts.sentences("x", false).size() + Prompts.sentences("x", true).size()) + " prompts, once per class)", text, total, "measured");
        row("training: synthesis (1 image per step)", seeds * epochs * synthOne, total, "measured per image x 500 steps");
        row("training: encoding synthetic images", seeds * epochs * encodeOne, total, "measured per image x 500 steps");
        row("training: head forward/backward/Adam", seeds * epochs * headStep, total, "measured per step x 500 steps");
        row("evaluation (head on cached features, x5 seeds)", seeds * eval, total, "measured");
        row("total", total, total, "");
        System.out.printf("%nCross-check: a real %d-epoch fit took %.2f s per epoch; the parts add up to %.2f s.%n", epochsTimed, perEpoch, synthOne + encodeOne + headStep);
        System.out.printf("With --synthesis-pool 16 (16 synthetic anomalies per shot, encoded once): training %.0f s instead of %.0f s.%n", trainPool, trainFull);
        System.out.printf("Per-image latency of a fitted classifier: score (encoder + head) %.0f ms, saliency (forward + backward to the pixels) %.0f ms.%n", scoreLatency, salLatency);
    }

    static double sec(long t0) { return (System.nanoTime() - t0) / 1e9; }

    static void row(String name, double s, double total, String how) {
        System.out.printf("| %s | %.1f | %.0f%% | %s |%n", name, s, 100 * s / total, how);
    }
}
