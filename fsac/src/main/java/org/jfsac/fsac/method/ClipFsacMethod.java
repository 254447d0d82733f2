package org.jfsac.fsac.method;

/**
 * CLIP-FSAC++: the anomaly score AS (Eq. 16) of the head the protocol trains on the k shots, scored as
 * {@link FsacConfig#scoring} says ({@link Scorer#score}).
 */
public final class ClipFsacMethod implements Method {
    /** Its name in results.csv. */
    public static final String NAME = "CLIP-FSAC++";

    @Override public String name() { return NAME; }

    @Override public String description() {
        return NAME + " trains its image and text adapters and the anomaly descriptor on the k shots and their synthetic anomalies.";
    }

    @Override public Needs needs() { return Needs.TRAINED_HEAD; }

    @Override public double[] score(MethodInput in) {
        return in.require(in.head(), "a trained head", this).scoreFeatures(in.testFeatures());
    }
}
