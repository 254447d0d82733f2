package org.jfsac.fsac.method;

/**
 * A scoring method compared in the evaluation protocol ({@code Experiment}): it gives every test image of a class
 * an anomaly score (higher = more anomalous) from CLIP features. Its rows in results.csv, its column in the scores
 * files, its columns in results.md and its curves in report.html all come from this interface, so a new method
 * touches none of that code.
 * <p>
 * Implementations are found through {@link java.util.ServiceLoader} ({@link Methods}): list the class in
 * {@code META-INF/services/org.jfsac.fsac.method.Method} of its jar and give it a public no-argument constructor.
 * A method must be deterministic (the same input gives the same scores), because a resumed run never rescores a
 * finished combination and merged run folders must agree.
 */
public interface Method {

    /** What a method's scores depend on, which decides when the protocol scores it. */
    enum Needs {
        /**
         * Neither k nor the seed (zero-shot, no training): scored once per class and recorded with shots = 0; the
         * tables repeat it under every k.
         */
        NOTHING,
        /** The k normal shots (their features): scored for every class × k × seed, without training. */
        SHOTS,
        /**
         * The CLIP-FSAC++ head the protocol trains on the k shots ({@link MethodInput#head()}): scored for every
         * class × k × seed. The head is trained once per combination when any selected method needs it.
         */
        TRAINED_HEAD
    }

    /**
     * The value of results.csv's method column and the method's label in tables and charts (e.g. "CLIP-AC"):
     * unique among the registered methods ignoring case, which is how {@code --methods} matches it.
     */
    String name();

    /**
     * One or two sentences for the report's protocol paragraph: what the score is and what it is computed from,
     * e.g. "kNN: 1 − the largest cosine similarity of the image's CLIP embedding to the k normal shots' (no
     * training)."
     */
    String description();

    /** What the scores depend on (see {@link Needs}). */
    Needs needs();

    /**
     * The anomaly score of every row of {@link MethodInput#testFeatures()}, in row order. Must not change the
     * input tensors. Called with gradients recorded or not: implementations that use tensor ops should run them
     * under {@code GradMode.noGrad()}.
     */
    double[] score(MethodInput in);
}
