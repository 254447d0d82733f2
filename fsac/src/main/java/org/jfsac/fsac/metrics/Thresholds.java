package org.jfsac.fsac.metrics;

/**
 * Operating thresholds for deciding "anomalous" from labelled calibration scores, as {@code calibrate} chooses
 * them. An image is anomalous when its score is {@code >=} the threshold, so tied scores always get the same
 * verdict; candidate thresholds are the distinct scores (the points of sklearn's curves).
 */
public final class Thresholds {

    private Thresholds() {
    }

    /** The F1-maximising threshold with its F1, precision and recall on the calibration set. */
    public record F1Max(double threshold, double f1, double precision, double recall) {}

    /** The threshold chosen for a target false-positive rate, with the rates it achieves on the calibration set. */
    public record AtFpr(double target, double threshold, double fpr, double tpr) {}

    /**
     * The threshold of maximal F1 = 2PR/(P+R) over the precision-recall curve (points with P = R = 0 skipped).
     * Where several thresholds reach the same F1, the lowest is chosen (numpy's argmax in sklearn's increasing
     * threshold order), which favours recall.
     */
    public static F1Max f1Max(double[] scores, int[] labels) {
        PrecisionRecallCurve pr = BinaryMetrics.precisionRecallCurve(scores, labels);
        int best = -1;
        double bestF1 = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < pr.thresholds().length; k++) { // increasing thresholds; strict > keeps the first
            double p = pr.precision()[k];
            double r = pr.recall()[k];
            double f1 = 2 * p * r / (p + r);
            if (Double.isFinite(f1) && f1 > bestF1) {
                bestF1 = f1;
                best = k;
            }
        }
        return new F1Max(pr.thresholds()[best], bestF1, pr.precision()[best], pr.recall()[best]);
    }

    /**
     * The lowest threshold whose false-positive rate on the normal images is at most {@code targetFpr}. When even
     * the highest score exceeds it (a normal image is among the top-scored), the threshold is the next double above
     * the highest score: nothing in the calibration set is flagged.
     */
    public static AtFpr atFalsePositiveRate(double[] scores, int[] labels, double targetFpr) {
        if (!(targetFpr >= 0 && targetFpr <= 1)) {
            throw new IllegalArgumentException("target false-positive rate is " + targetFpr + "; must be in [0, 1]");
        }
        RocCurve roc = BinaryMetrics.rocCurve(scores, labels, false);
        int pick = -1;
        for (int k = 1; k < roc.thresholds().length; k++) { // k = 0 is the artificial +inf point
            if (roc.fpr()[k] <= targetFpr) {
                pick = k; // thresholds decrease along the curve: keep the last admissible one
            }
        }
        if (pick < 0) {
            return new AtFpr(targetFpr, Math.nextUp(roc.thresholds()[1]), 0, 0);
        }
        return new AtFpr(targetFpr, roc.thresholds()[pick], roc.fpr()[pick], roc.tpr()[pick]);
    }
}
