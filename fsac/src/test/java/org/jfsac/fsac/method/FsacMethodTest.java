package org.jfsac.fsac.method;

import org.jfsac.core.backend.Devices;
import org.jfsac.core.random.Rng;
import org.jfsac.core.tensor.GradMode;
import org.jfsac.core.tensor.Tensor;
import org.jfsac.clip.image.RgbImage;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Equations on small hand-checkable inputs, scoring protocols and training determinism. */
class FsacMethodTest {
    static final org.jfsac.core.backend.Backend CPU = Devices.cpu();

    @Test
    void promptEnsembleHasThePapersSentences() {
        List<String> n = Prompts.sentences("metal_nut", false), a = Prompts.sentences("metal_nut", true);
        assertEquals(147, n.size());
        assertEquals(84, a.size());
        assertEquals("a cropped photo of the metal_nut.", n.get(0));
        assertEquals("a photo of a metal_nut without damage for anomaly detection.", n.get(146));
        assertEquals("a cropped photo of the damaged metal_nut.", a.get(0));
        // the repeated template is kept on purpose: it weights the mean
        assertEquals(2, n.stream().filter(s -> s.equals("a jpeg corrupted photo of the metal_nut.")).count());
    }

    /** Zeroes every parameter: adapters then output their last bias (0), the descriptor adds nothing. */
    static FsacHead zeroHead(int c) {
        FsacHead h = new FsacHead(CPU, c, new Rng(1));
        for (Tensor p : h.parameters()) p.assign(Tensor.zeros(CPU, p.shape()));
        return h;
    }

    @Test
    void scoresByHandWithZeroAdaptersAndDescriptor() {
        // F = (1, 0); T+ = (1, 1), T- = (0, 1). With zero adapters AF = 0.6 F, AT = 0.6 T; with zero descriptor
        // layers TF = 0 and VT = 0, so CF = AF and CT = AT. cos(F, T+) = 1/sqrt2, cos(F, T-) = 0.
        FsacHead h = zeroHead(2);
        FsacConfig cfg = new FsacConfig();
        Tensor f = Tensor.of(CPU, new float[]{1, 0}, 1, 2), t = Tensor.of(CPU, new float[]{1, 1, 0, 1}, 2, 2);
        FsacHead.Output o = h.forward(f, t, cfg);
        assertArrayEquals(new float[]{0.6f, 0}, o.cf().toArray(), 1e-7f);
        assertArrayEquals(new float[]{0.6f, 0.6f, 0, 0.6f}, o.ct().toArray(), 1e-7f);
        double lp = Math.sqrt(0.5) / 0.07, ln = 0;
        double sMinus = Math.exp(ln) / (Math.exp(lp) + Math.exp(ln));
        assertEquals(sMinus, o.anomalyScore().item(), 1e-6);
        assertEquals(1.0, o.scores().sum().item(), 1e-6, "S+ + S- = 1");
        // The zero-shot baseline is the same formula on the raw features.
        assertEquals(sMinus, Scorer.zeroShot(t, f, 0.07)[0], 1e-6);
    }

    @Test
    void descriptorOnOneImageAttendsToItselfOnly() {
        // With a batch of one, the text->image softmax is over a single image: VT = Linear_v(TF_1) exactly.
        FsacHead h = new FsacHead(CPU, 4, new Rng(3));
        FsacConfig cfg = new FsacConfig();
        cfg.gamma1 = 0.5;
        Rng r = new Rng(4);
        Tensor f = r.normal(CPU, 0, 1, 1, 4), t = r.normal(CPU, 0, 1, 2, 4);
        try (GradMode g = GradMode.noGrad()) {
            FsacHead.Output o = h.forward(f, t, cfg);
            Tensor psi = t; // code form
            Tensor w = f.matmul(psi.mT()).mul(0.5f).softmax(1);
            Tensor tf = h.descriptor.linT.forward(w.matmul(psi));
            Tensor vt = h.descriptor.linV.forward(tf);
            Tensor at = t.mul(0.6f).add(h.textAdapter.forward(t).mul(0.4f));
            Tensor ct = at.add(vt.expand(2, 4).mul(0.5f));
            assertArrayEquals(ct.toArray(), o.ct().toArray(), 1e-6f);
        }
    }

    @Test
    void perImageScoresDoNotDependOnOtherImagesButBatchedOnesDo() {
        FsacHead h = new FsacHead(CPU, 8, new Rng(5));
        FsacConfig cfg = new FsacConfig();
        cfg.gamma1 = 0.7; // a visible text->image term, as in the VisA preset
        Rng r = new Rng(6);
        Tensor t = r.normal(CPU, 0, 1, 2, 8), feats = r.normal(CPU, 0, 1, 6, 8);
        double[] alone = Scorer.score(h, t, feats.narrow(0, 0, 1), cfg);
        double[] all = Scorer.score(h, t, feats, cfg);
        assertEquals(alone[0], all[0], 0, "per-image: identical with or without neighbours");
        cfg.scoring = FsacConfig.Scoring.BATCHED;
        double[] batched = Scorer.score(h, t, feats, cfg);
        assertNotEquals(all[0], batched[0], "batched: the softmax over the batch couples the images");
    }

    static List<RgbImage> images(int n, long seed) {
        java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
        List<RgbImage> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            RgbImage img = new RgbImage(40, 40);
            for (int y = 0; y < 40; y++) for (int x = 0; x < 40; x++) img.setRgb(x, y, 100 + r.nextInt(20), 90, 80 + (x + y) % 7);
            out.add(img);
        }
        return out;
    }

    /** A stand-in frozen encoder: per-image mean colour and contrast, projected to C = 6. */
    static Tensor encode(List<RgbImage> imgs) {
        float[] f = new float[imgs.size() * 6];
        for (int i = 0; i < imgs.size(); i++) {
            RgbImage im = imgs.get(i);
            for (int c = 0; c < 3; c++) {
                double[] ch = im.channel(c);
                double m = 0, v = 0;
                for (double d : ch) m += d;
                m /= ch.length;
                for (double d : ch) v += (d - m) * (d - m);
                f[i * 6 + c] = (float) (m / 255);
                f[i * 6 + 3 + c] = (float) Math.sqrt(v / ch.length) / 64f;
            }
        }
        return Tensor.of(CPU, f, imgs.size(), 6);
    }

    static Map<String, float[]> train(long seed) {
        FsacConfig cfg = new FsacConfig();
        cfg.epochs = 3;
        List<RgbImage> normals = images(2, 9);
        FsacHead h = new FsacHead(CPU, 6, new Rng(seed));
        Tensor t = new Rng(10).normal(CPU, 0, 1, 2, 6);
        List<Double> losses = new Trainer(cfg, FsacMethodTest::encode, Synthesizer.from(cfg, "grid")).train(h, t, normals, encode(normals), seed, null);
        assertEquals(3, losses.size());
        for (double l : losses) assertTrue(Double.isFinite(l));
        Map<String, float[]> out = new java.util.LinkedHashMap<>();
        h.namedParameters().forEach((k, v) -> out.put(k, v.toArray()));
        return out;
    }

    @Test
    void trainingIsDeterministicForASeedAndMovesTheWeights() {
        Map<String, float[]> a = train(11), b = train(11), c = train(12);
        FsacHead init = new FsacHead(CPU, 6, new Rng(11));
        boolean moved = false, differs = false;
        for (String k : a.keySet()) {
            assertArrayEquals(a.get(k), b.get(k), 0f, "same seed, same weights bit for bit: " + k);
            if (!java.util.Arrays.equals(a.get(k), init.namedParameters().get(k).toArray())) moved = true;
            if (!java.util.Arrays.equals(a.get(k), c.get(k))) differs = true;
        }
        assertTrue(moved, "training changed the weights");
        assertTrue(differs, "another seed gives other weights");
    }

    @Test
    void presetsHoldThePapersValues() {
        FsacConfig m = FsacConfig.preset("mvtec"), v = FsacConfig.preset("visa");
        assertEquals(0.4, m.alpha1);
        assertEquals(0.6, m.beta2);
        assertEquals(0.0, m.gamma1, "the authors' MVTec code comments the text-driven term out (the paper: 0.01)");
        assertEquals(0.1, v.alpha1);
        assertEquals(0.9, v.beta2);
        assertEquals(0.7, v.gamma1);
        assertEquals(0.7, m.gamma2);
        assertEquals(FsacConfig.Synthesis.NSA, v.synthesis);
        assertEquals(1, m.batchSize(1));
        assertEquals(2, m.batchSize(2));
        assertEquals(1, v.batchSize(2));
        assertEquals(2, v.batchSize(8));
        FsacConfig back = FsacConfig.fromJson(v.toJson());
        assertEquals(v.toJson(), back.toJson(), "config JSON round trip");
        assertFalse(m.withPaperLearningRates().lrImage != 5e-4);
    }
}
