package org.jfsac.fsac.report;

import java.util.Objects;

/**
 * One measured number of an evaluation run: a metric of a method on one class, at k shots, for one seed.
 * {@code value} is in percent (0–100). {@code method} is the method's name
 * ({@code org.jfsac.fsac.method.Method#name}). A zero-shot method that does not depend on k (CLIP-AC) may be recorded
 * either once per k or once with {@code shots == 0}; the tables then show it under every k.
 */
public record ResultRow(String dataset, String className, int shots, int seed, String method, String metric,
                        double value) {

    public static final String I_AUROC = "I-AUROC";
    public static final String I_AUPR = "I-AUPR";
    public static final String F1_MAX = "F1-max";

    /** What identifies a row: two rows with the same key measure the same thing. */
    public record Key(String dataset, String className, int shots, int seed, String method, String metric) {
    }

    public ResultRow {
        requireText(dataset, "dataset");
        requireText(className, "class name");
        requireText(method, "method");
        requireText(metric, "metric");
        if (shots < 0) {
            throw new IllegalArgumentException("shots is " + shots + "; must be 0 (zero-shot) or more");
        }
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(metric + " of " + method + " on " + className + " (k=" + shots
                    + ", seed " + seed + ") is " + value + "; must be finite");
        }
    }

    public Key key() {
        return new Key(dataset, className, shots, seed, method, metric);
    }

    private static void requireText(String s, String what) {
        Objects.requireNonNull(s, what);
        if (s.isBlank()) {
            throw new IllegalArgumentException(what + " is blank");
        }
    }
}
