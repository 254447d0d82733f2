package org.jfsac.fsac.method;

/** The zero-shot CLIP-AC baseline ({@link Scorer#zeroShot}): the CPE prompts on frozen CLIP, no shots, no training. */
public final class ClipAcMethod implements Method {
    /** Its name in results.csv. */
    public static final String NAME = "CLIP-AC";

    @Override public String name() { return NAME; }

    @Override public String description() {
        return NAME + " is zero-shot CLIP with the same CPE prompts (no training).";
    }

    @Override public Needs needs() { return Needs.NOTHING; }

    @Override public double[] score(MethodInput in) {
        return Scorer.zeroShot(in.require(in.prototypes(), "text prototypes", this), in.testFeatures(), in.cfg().tau);
    }
}
