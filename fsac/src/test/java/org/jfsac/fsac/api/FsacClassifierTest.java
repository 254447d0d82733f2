package org.jfsac.fsac.api;

import org.jfsac.core.backend.Devices;
import org.jfsac.core.cpu.CpuGemm;
import org.jfsac.fsac.towers.ClipBackbone;
import org.jfsac.fsac.demo.DemoClass;
import org.jfsac.fsac.demo.DemoDataset;
import org.jfsac.fsac.demo.DemoModel;
import org.jfsac.fsac.method.FsacConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The embedding API: fit, score from many threads and in batches, saliency, save/load. */
class FsacClassifierTest {
    @TempDir Path tmp;

    /** A head for the demo's disc class fitted on two normal images. */
    private static FsacClassifier fitDisc(ClipBackbone clip) {
        FsacConfig cfg = FsacConfig.preset("mvtec");
        cfg.epochs = 2;
        List<BufferedImage> normals = List.of(DemoDataset.normal(DemoClass.DISC, 64, 1, "train", 0).toBufferedImage(),
                DemoDataset.normal(DemoClass.DISC, 64, 1, "train", 1).toBufferedImage());
        return FsacClassifier.create(clip, "disc", cfg).fit(normals, 7);
    }

    /**
     * Under the JVM's GEMM provider (the suite runs the default, the system OpenBLAS where it loads), five images
     * scored in one call, so encoded in one batch, get exactly the scores each gets alone. Tolerance 0: a score must
     * not depend on which images share the call (core's one-GEMM-per-sample split; the head scores per image).
     * Fails with {@code -Djfsac.gemm.perSample=false}.
     */
    @Test
    void imagesScoredTogetherEqualImagesScoredAloneBitForBit() {
        ClipBackbone clip = DemoModel.backbone(Devices.cpu(), 64, 0);
        FsacClassifier c = fitDisc(clip);
        List<BufferedImage> tests = new ArrayList<>();
        for (int i = 0; i < 3; i++) tests.add(DemoDataset.normal(DemoClass.DISC, 64, 2, "test", i).toBufferedImage());
        for (int i = 0; i < 2; i++) tests.add(DemoDataset.defective(DemoClass.DISC, DemoClass.DISC.defects().get(i), 64, 2, i).image().toBufferedImage());
        double[] together = c.score(tests);
        for (int i = 0; i < tests.size(); i++)
            assertEquals(c.score(tests.get(i)), together[i], 0, "image " + i + " scored alone vs among 5, GEMM " + CpuGemm.provider());
    }

    @Test
    void fitScoreSaveLoadAndConcurrentScoring() throws Exception {
        ClipBackbone clip = DemoModel.backbone(Devices.cpu(), 64, 0);
        FsacClassifier c = fitDisc(clip);
        FsacConfig cfg = c.config();
        List<BufferedImage> tests = new ArrayList<>();
        for (int i = 0; i < 6; i++) tests.add(DemoDataset.normal(DemoClass.DISC, 64, 2, "test", i).toBufferedImage());
        double[] serial = tests.stream().mapToDouble(c::score).toArray();
        for (double s : serial) assertTrue(s > 0 && s < 1);

        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Double>> fs = new ArrayList<>();
            for (int rep = 0; rep < 3; rep++) for (BufferedImage img : tests) fs.add(pool.submit(() -> c.score(img)));
            for (int i = 0; i < fs.size(); i++) assertEquals(serial[i % tests.size()], fs.get(i).get(), 0, "thread-safe, deterministic score");
        } finally {
            pool.shutdown();
        }

        FsacClassifier.Saliency sal = c.saliency(tests.get(0));
        assertEquals(64, sal.map().length);
        assertEquals(serial[0], sal.score(), 1e-6, "saliency reports the same score");
        double total = 0;
        for (float[] row : sal.map()) for (float v : row) { assertTrue(v >= 0); total += v; }
        assertTrue(total > 0, "non-zero input gradient");

        Path head = tmp.resolve("h.safetensors");
        c.save(head);
        FsacClassifier back = FsacClassifier.load(clip, head);
        assertEquals("disc", back.className());
        assertEquals(cfg.toJson(), back.config().toJson(), "every hyper-parameter is saved");
        for (int i = 0; i < tests.size(); i++) assertEquals(serial[i], back.score(tests.get(i)), 0, "loaded head scores identically");

        ClipBackbone other = DemoModel.backbone(Devices.cpu(), 64, 1);
        assertThrows(IllegalArgumentException.class, () -> FsacClassifier.load(other, head), "refuses other CLIP weights");
        Files.writeString(tmp.resolve("bad.safetensors"), "nonsense");
        assertThrows(java.io.IOException.class, () -> FsacClassifier.load(clip, tmp.resolve("bad.safetensors")));
        assertThrows(IllegalStateException.class, () -> FsacClassifier.create(clip, "disc", cfg).score(tests.get(0)), "unfitted");
    }
}
