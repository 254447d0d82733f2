package org.jfsac.fsac.api;

import org.jfsac.clip.image.ResizeMode;
import org.jfsac.clip.tokenizer.ClipTokenizer;
import org.jfsac.core.backend.Devices;
import org.jfsac.core.random.Rng;
import org.jfsac.fsac.towers.ClipBackbone;
import org.jfsac.fsac.towers.ClipModel;
import org.jfsac.fsac.demo.DemoClass;
import org.jfsac.fsac.demo.DemoDataset;
import org.jfsac.fsac.demo.DemoModel;
import org.jfsac.fsac.method.FsacConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A saved head records the complete model config and preprocessing, and is loaded onto nothing else. */
class HeadModelTest {
    @TempDir Path tmp;

    @Test
    void loadRefusesAnotherModelConfigOrPreprocessingWithTheSameWeightsId() throws Exception {
        ClipBackbone clip = DemoModel.backbone(Devices.cpu(), 64, 0);
        FsacConfig cfg = FsacConfig.preset("mvtec");
        cfg.epochs = 1;
        FsacClassifier c = FsacClassifier.create(clip, "disc", cfg)
                .fit(List.of(DemoDataset.normal(DemoClass.DISC, 64, 1, "train", 0).toBufferedImage()), 0);
        Path head = tmp.resolve("h.safetensors");
        c.save(head);
        var meta = FsacClassifier.readMetadata(head);
        assertEquals(clip.model.config.toJson().replaceAll("\\s", ""), meta.get("clip_config").toString(), "the complete model config is stored");
        assertEquals("SQUASH", meta.get("clip_resize"));

        // Same weights id, other attention heads: what shape inference would silently produce.
        ClipModel otherHeads = new ClipModel(Devices.cpu(), DemoModel.config(64).withHeads(64, 1), new Rng(0));
        ClipBackbone wrong = new ClipBackbone(otherHeads, ClipTokenizer.bytesOnly(), ResizeMode.SQUASH, clip.weightsId, 16);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FsacClassifier.load(wrong, head));
        assertTrue(e.getMessage().contains("head_width 16 → 64") && e.getMessage().contains("heads 4 → 1"), e.getMessage());

        ClipBackbone cropped = new ClipBackbone(clip.model, clip.tokenizer, ResizeMode.SHORTEST_CENTER_CROP, clip.weightsId, 16);
        e = assertThrows(IllegalArgumentException.class, () -> FsacClassifier.load(cropped, head));
        assertTrue(e.getMessage().contains("preprocessing SQUASH") && e.getMessage().contains("SHORTEST_CENTER_CROP"), e.getMessage());

        assertEquals(c.score(DemoDataset.normal(DemoClass.DISC, 64, 2, "test", 0).toBufferedImage()),
                FsacClassifier.load(clip, head).score(DemoDataset.normal(DemoClass.DISC, 64, 2, "test", 0).toBufferedImage()), 0);
    }
}
