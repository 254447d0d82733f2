package org.jfsac.fsac.report;

import java.util.List;
import java.util.Objects;

/**
 * The per-image outputs of one evaluation (class, k, seed) that the HTML report draws: anomaly scores of both
 * methods on the test set, its labels (0 normal, 1 anomalous) and a few saliency examples.
 *
 * @param scoresClipAc the zero-shot baseline's scores, or null when it was not run
 */
public record ClassReport(String className, int shots, int seed, double[] scoresFsac, double[] scoresClipAc,
                          int[] labels, List<SaliencyExample> saliency) {

    public ClassReport {
        Objects.requireNonNull(className, "class name");
        Objects.requireNonNull(scoresFsac, "CLIP-FSAC++ scores of " + className);
        Objects.requireNonNull(labels, "labels of " + className);
        saliency = saliency == null ? List.of() : List.copyOf(saliency);
        requireScores(scoresFsac, labels.length, className, ResultRow.CLIP_FSAC_PP);
        if (scoresClipAc != null) {
            requireScores(scoresClipAc, labels.length, className, ResultRow.CLIP_AC);
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] != 0 && labels[i] != 1) {
                throw new IllegalArgumentException(className + ": label " + i + " is " + labels[i]
                        + "; must be 0 (normal) or 1 (anomalous)");
            }
        }
    }

    private static void requireScores(double[] scores, int n, String cls, String method) {
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
