package org.jfsac.fsac.report;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The per-image outputs of one evaluation (class, k, seed) that the HTML report draws: the anomaly scores of each
 * method on the test set, its labels (0 normal, 1 anomalous) and a few saliency examples.
 *
 * @param scores every method's scores by method name, in the order the report draws them (at least one method)
 */
public record ClassReport(String className, int shots, int seed, Map<String, double[]> scores, int[] labels,
                          List<SaliencyExample> saliency) {

    public ClassReport {
        Objects.requireNonNull(className, "class name");
        Objects.requireNonNull(scores, "scores of " + className);
        Objects.requireNonNull(labels, "labels of " + className);
        if (scores.isEmpty()) {
            throw new IllegalArgumentException(className + ": no method's scores");
        }
        // An unmodifiable copy that keeps the caller's order (Map.copyOf would not).
        scores = Collections.unmodifiableMap(new LinkedHashMap<>(scores));
        saliency = saliency == null ? List.of() : List.copyOf(saliency);
        scores.forEach((method, s) -> requireScores(s, labels.length, className, method));
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] != 0 && labels[i] != 1) {
                throw new IllegalArgumentException(className + ": label " + i + " is " + labels[i]
                        + "; must be 0 (normal) or 1 (anomalous)");
            }
        }
    }

    private static void requireScores(double[] scores, int n, String cls, String method) {
        Objects.requireNonNull(scores, method + " scores of " + cls);
        if (scores.length != n) {
            throw new IllegalArgumentException(cls + ": " + scores.length + " " + method + " scores for " + n
                    + " labels");
        }
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(scores[i])) {
                throw new IllegalArgumentException(cls + ": " + method + " score " + i + " is " + scores[i]);
            }
        }
    }
}
