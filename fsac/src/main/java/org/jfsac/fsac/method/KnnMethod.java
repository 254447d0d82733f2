package org.jfsac.fsac.method;

import org.jfsac.core.tensor.GradMode;

/**
 * The few-shot nearest-neighbour baseline on CLIP image embeddings: an image's score is 1 − the largest cosine
 * similarity of its embedding to the k normal shots' embeddings, so an image close to some normal shot scores
 * near 0. No training, no text; it depends on k and the seed through the shots alone. Scores lie in [0, 2].
 */
public final class KnnMethod implements Method {
    /** Its name in results.csv. */
    public static final String NAME = "kNN";

    @Override public String name() { return NAME; }

    @Override public String description() {
        return NAME + " scores an image 1 − the largest cosine similarity of its CLIP image embedding to the k normal"
                + " shots' embeddings (the nearest-normal-shot baseline; no training).";
    }

    @Override public Needs needs() { return Needs.SHOTS; }

    @Override public double[] score(MethodInput in) {
        try (GradMode g = GradMode.noGrad()) {
            // cosine of every test row with every shot row ([N, k], float on the features' backend), then the nearest shot
            float[] nearest = FsacHead.cosine(in.testFeatures(), in.require(in.shotFeatures(), "the shots' features", this))
                    .max(1, false).toArray();
            double[] out = new double[nearest.length];
            for (int i = 0; i < out.length; i++) out[i] = 1.0 - nearest[i];
            return out;
        }
    }
}
