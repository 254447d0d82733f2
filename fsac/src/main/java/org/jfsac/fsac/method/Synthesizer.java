package org.jfsac.fsac.method;

import org.jfsac.fsac.synth.NaturalSyntheticAnomaly;
import org.jfsac.fsac.synth.RandomPerturbation;
import org.jfsac.clip.image.RgbImage;

import java.util.SplittableRandom;

/** Makes one synthetic anomaly from a normal image (Sec. III-C), chosen by the config. */
@FunctionalInterface
public interface Synthesizer {
    RgbImage synthesize(RgbImage normal, SplittableRandom rng);

    /** The synthesis for one class: random perturbation's foreground placement is per class. */
    static Synthesizer from(FsacConfig cfg, String className) {
        return switch (cfg.synthesis) {
            case RANDOM_PERTURBATION -> {
                RandomPerturbation rp = new RandomPerturbation(cfg.gaussianNoise ? RandomPerturbation.Noise.GAUSSIAN : RandomPerturbation.Noise.UNIFORM,
                        cfg.foregroundOnly(className));
                yield (img, rng) -> rp.apply(img, rng).image();
            }
            case NSA -> {
                NaturalSyntheticAnomaly nsa = new NaturalSyntheticAnomaly(NaturalSyntheticAnomaly.Params.visa()
                        .withPaste(cfg.paste == null ? NaturalSyntheticAnomaly.Paste.OPENCV : cfg.paste));
                yield (img, rng) -> nsa.apply(img, rng).image();
            }
        };
    }
}
