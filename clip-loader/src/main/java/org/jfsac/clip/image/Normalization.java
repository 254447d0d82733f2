package org.jfsac.clip.image;

/** Per-channel mean and standard deviation applied to [0, 1] RGB values: (v - mean) / std. */
public record Normalization(float[] mean, float[] std) {
    /**
     * OpenAI CLIP's statistics, which OpenCLIP uses for CLIP models. The constants go through
     * double first, as Python floats do before torch makes them float32.
     */
    public static final Normalization OPENAI = new Normalization(
            new float[] {(float) 0.48145466, (float) 0.4578275, (float) 0.40821073},
            new float[] {(float) 0.26862954, (float) 0.26130258, (float) 0.27577711});

    public Normalization {
        if (mean.length != 3 || std.length != 3) {
            throw new IllegalArgumentException("mean and std need 3 values (R, G, B), got " + mean.length + " and "
                    + std.length);
        }
        for (float s : std) {
            if (!(s > 0)) {
                throw new IllegalArgumentException("std values must be positive, got " + s);
            }
        }
        mean = mean.clone();
        std = std.clone();
    }

    @Override
    public float[] mean() {
        return mean.clone();
    }

    @Override
    public float[] std() {
        return std.clone();
    }
}
