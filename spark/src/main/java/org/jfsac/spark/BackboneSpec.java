package org.jfsac.spark;

import org.jfsac.clip.tokenizer.ClipTokenizer;
import org.jfsac.core.backend.Devices;
import org.jfsac.fsac.towers.ClipBackbone;
import org.jfsac.fsac.towers.ClipModels;
import org.jfsac.fsac.demo.DemoModel;
import org.jfsac.fsac.pipeline.DistributedRunner;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Path;

/**
 * Which CLIP backbone to load on an executor: a checkpoint path readable from every executor (a shared
 * file system, or a file shipped with {@code spark-submit --files}), or the seeded demo model. A value, so
 * it keys the once-per-JVM cache ({@link ExecutorModels}).
 *
 * @param checkpoint  OpenCLIP checkpoint path; null for the demo model
 * @param modelName   built-in architecture name, or null to take it from the checkpoint (or modelConfig)
 * @param modelConfig OpenCLIP model config JSON path, or null
 * @param bpe         tokenizer vocabulary path, or null (beside the checkpoint, then the bundled one)
 * @param resize      squash, shortest or openclip-squash
 * @param batch       images per forward pass of the image tower
 * @param demoImageSize image size of the demo model (used when checkpoint is null)
 * @param demoSeed    weights seed of the demo model (used when checkpoint is null)
 */
public record BackboneSpec(String checkpoint, String modelName, String modelConfig, String bpe, String resize, int batch,
                           int demoImageSize, long demoSeed)
        implements Serializable {
    private static final long serialVersionUID = 1L;

    public BackboneSpec {
        if (batch < 1) throw new IllegalArgumentException("batch must be at least 1, got " + batch);
        ClipBackbone.resizeMode(resize); // fail on the driver, not in every task
    }

    /** An OpenCLIP checkpoint, architecture from the file (or modelName when given). */
    public static BackboneSpec checkpoint(String path, String modelName, String resize) {
        return new BackboneSpec(path, modelName, null, null, resize, 8, 0, 0);
    }

    /** What the command line's model options describe ({@code ./jfsac run --spark}). */
    public static BackboneSpec of(DistributedRunner.BackboneSource s) {
        return new BackboneSpec(s.checkpoint(), s.model(), s.modelConfig(), s.bpe(), s.resize(), s.batch(), 0, 0);
    }

    /** The demo model (random weights: exercises the machinery, says nothing about CLIP). */
    public static BackboneSpec demo(int imageSize, long seed) {
        return new BackboneSpec(null, null, null, null, "squash", 16, imageSize, seed);
    }

    /** Loads the backbone on the default device of this JVM (see {@code Devices}). */
    public ClipBackbone load() throws IOException {
        if (checkpoint == null) return DemoModel.backbone(Devices.getDefault(), demoImageSize, demoSeed);
        Path file = Path.of(checkpoint);
        ClipModels.Loaded l = ClipModels.load(Devices.getDefault(), file, modelName, modelConfig == null ? null : Path.of(modelConfig));
        return new ClipBackbone(l.model(), ClipTokenizer.forCheckpoint(bpe == null ? null : Path.of(bpe), file), ClipBackbone.resizeMode(resize), l.sha256(), batch);
    }
}
