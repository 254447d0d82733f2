package org.jfsac.fsac.demo;

import org.jfsac.clip.config.ClipConfig;
import org.jfsac.clip.config.TextConfig;
import org.jfsac.clip.config.VisionConfig;
import org.jfsac.clip.image.ResizeMode;
import org.jfsac.clip.tokenizer.ClipTokenizer;
import org.jfsac.core.backend.Backend;
import org.jfsac.core.random.Rng;
import org.jfsac.fsac.towers.ClipBackbone;
import org.jfsac.fsac.towers.ClipModel;

/**
 * A small CLIP-architecture model with seeded random weights for the demo: the whole pipeline runs, but
 * its numbers say nothing about CLIP. Byte-level tokens (no BPE vocabulary needed).
 */
public final class DemoModel {
    private DemoModel() {}

    public static ClipConfig config(int imageSize) {
        return new ClipConfig(32, new VisionConfig(imageSize, 2, 64, 16, 8, 4.0),
                new TextConfig(77, 49408, 32, 4, 2, 4.0), false);
    }

    public static ClipBackbone backbone(Backend backend, int imageSize, long seed) {
        ClipModel m = new ClipModel(backend, config(imageSize), new Rng(seed));
        return new ClipBackbone(m, ClipTokenizer.bytesOnly(), ResizeMode.SQUASH, "demo-random-seed" + seed, 16);
    }
}
