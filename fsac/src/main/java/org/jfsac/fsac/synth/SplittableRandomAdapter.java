package org.jfsac.fsac.synth;

import java.util.SplittableRandom;
import org.apache.commons.math3.random.AbstractRandomGenerator;

/**
 * Lets commons-math3 distributions (GammaDistribution) draw from a {@link SplittableRandom}, so every random
 * number in a synthesis comes from the one seeded stream.
 */
final class SplittableRandomAdapter extends AbstractRandomGenerator {
    private final SplittableRandom rng;

    SplittableRandomAdapter(SplittableRandom rng) {
        this.rng = rng;
    }

    @Override
    public double nextDouble() {
        return rng.nextDouble();
    }

    @Override
    public double nextGaussian() {
        return rng.nextGaussian();
    }

    @Override
    public void setSeed(long seed) {
        throw new UnsupportedOperationException("a SplittableRandom cannot be reseeded; create a new one");
    }
}
