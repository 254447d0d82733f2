package org.jfsac.fsac.method;

import org.jfsac.fsac.synth.NaturalSyntheticAnomaly;
import org.jfsac.fsac.synth.RandomPerturbation;
import org.jfsac.fsac.synth.RgbImage;

import java.util.SplittableRandom;

/** Makes one synthetic anomaly from a normal image (Sec. III-C), chosen by the config. */
@FunctionalInterface
public interface Synthesizer {
    RgbImage synthesize(RgbImage normal, SplittableRandom rng);

    static Synthesizer from(FsacConfig cfg) {
        return switch (cfg.synthesis) {
            case RANDOM_PERTURBATION -> {
                RandomPerturbation rp = new RandomPerturbation(cfg.gaussianNoise ? RandomPerturbation.Noise.GAUSSIAN : RandomPerturbation.Noise.UNIFORM,
                        cfg.foregroundOnly);
                yield (img, rng) -> rp.apply(img, rng).image();
            }
            case NSA -> {
                NaturalSyntheticAnomaly nsa = NaturalSyntheticAnomaly.visa();
                yield (img, rng) -> nsa.apply(img, rng).image();
            }
        };
    }
}
