package org.jfsac.fsac.api;

import org.jfsac.core.backend.Devices;
import org.jfsac.core.cpu.CpuGemm;
import org.jfsac.fsac.demo.DemoClass;
import org.jfsac.fsac.demo.DemoDataset;
import org.jfsac.fsac.demo.DemoModel;
import org.jfsac.fsac.demo.Defect;
import org.jfsac.fsac.method.FsacConfig;
import org.jfsac.fsac.towers.ClipBackbone;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * End to end under the JVM's GEMM provider (the suite runs the default, the system OpenBLAS where it loads): five
 * images scored in one call, so encoded in one batch, get exactly the scores each gets alone. Tolerance 0: a score
 * must not depend on which images share the call (core's one-GEMM-per-sample split; the head scores per image).
 */
class BatchIndependentScoringTest {
    @Test
    void imagesScoredTogetherEqualImagesScoredAloneBitForBit() {
        ClipBackbone clip = DemoModel.backbone(Devices.cpu(), 64, 0);
        FsacConfig cfg = FsacConfig.preset("mvtec");
        cfg.epochs = 2;
        List<BufferedImage> normals = List.of(DemoDataset.normal(DemoClass.DISC, 64, 1, "train", 0).toBufferedImage(),
                DemoDataset.normal(DemoClass.DISC, 64, 1, "train", 1).toBufferedImage());
        FsacClassifier c = FsacClassifier.create(clip, "disc", cfg).fit(normals, 7);
        List<BufferedImage> tests = new ArrayList<>();
        for (int i = 0; i < 3; i++) tests.add(DemoDataset.normal(DemoClass.DISC, 64, 2, "test", i).toBufferedImage());
        for (int i = 0; i < 2; i++) tests.add(DemoDataset.defective(DemoClass.DISC, DemoClass.DISC.defects().get(i), 64, 2, i).image().toBufferedImage());
        double[] together = c.score(tests);
        for (int i = 0; i < tests.size(); i++)
            assertEquals(c.score(tests.get(i)), together[i], 0, "image " + i + " scored alone vs among 5, GEMM " + CpuGemm.provider());
    }
}
