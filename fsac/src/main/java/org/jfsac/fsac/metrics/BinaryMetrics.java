package org.jfsac.fsac.metrics;

import java.util.Arrays;

/**
 * Image- and pixel-level anomaly detection metrics that reproduce scikit-learn (1.2+): scores are higher for more
 * anomalous samples, labels are 0 (normal) or 1 (anomalous), and tied scores form one threshold exactly as in
 * sklearn. Every metric needs both classes, finite scores and equal lengths; anything else is an
 * {@link IllegalArgumentException} that says what is wrong.
 */
public final class BinaryMetrics {

    private BinaryMetrics() {
    }

    /** Area under the ROC curve, as sklearn's {@code roc_auc_score} (trapezoidal; ties count one half). */
    public static double auroc(double[] scores, int[] labels) {
        return areaUnderRoc(ThresholdCounts.ofScores(scores, labels));
    }

    /**
     * Pixel-level AUROC: every pixel of every map is a sample (pooled over images, as the MVTec AD protocol does),
     * labelled by its mask. {@code maps[i]} and {@code masks[i]} are image i flattened in the same order.
     * O(n log n) in the number of pixels, 4 bytes a pixel of extra memory plus 4 a defective pixel.
     */
    public static double pixelAuroc(float[][] maps, boolean[][] masks) {
        return areaUnderRoc(ThresholdCounts.ofPixels(maps, masks));
    }

    /**
     * Average precision, the step-wise sum Σ (R_k − R_{k−1}) P_k over the precision-recall curve, exactly as
     * sklearn's {@code average_precision_score} (no interpolation).
     */
    public static double averagePrecision(double[] scores, int[] labels) {
        PrecisionRecallCurve pr = precisionRecallCurve(scores, labels);
        double[] precision = pr.precision();
        double[] recall = pr.recall();
        double sum = 0;
        for (int k = 0; k + 1 < recall.length; k++) {
            sum += (recall[k + 1] - recall[k]) * precision[k];
        }
        return -sum;
    }

    /**
     * The best F1 over all points of the precision-recall curve, as the WinCLIP / CLIP-FSAC++ evaluation code
     * computes it: {@code max(2PR/(P+R))} over the finite values (a point with P = R = 0 is skipped, the final
     * (P=1, R=0) point counts as 0).
     */
    public static double f1Max(double[] scores, int[] labels) {
        PrecisionRecallCurve pr = precisionRecallCurve(scores, labels);
        double best = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < pr.precision().length; k++) {
            double p = pr.precision()[k];
            double r = pr.recall()[k];
            double f1 = (2 * p * r) / (p + r);
            if (Double.isFinite(f1) && f1 > best) {
                best = f1;
            }
        }
        return best;
    }

    /** sklearn's {@code roc_curve} with its default {@code drop_intermediate=True}. */
    public static RocCurve rocCurve(double[] scores, int[] labels) {
        return rocCurve(scores, labels, true);
    }

    /**
     * sklearn's {@code roc_curve}. With {@code dropIntermediate} it drops the points that lie on a straight line
     * between their neighbours (second differences of both fp and tp counts are zero), as sklearn does; the area
     * is the same either way.
     */
    public static RocCurve rocCurve(double[] scores, int[] labels, boolean dropIntermediate) {
        ThresholdCounts counts = ThresholdCounts.ofScores(scores, labels);
        ThresholdCounts.Points points = counts.collect();
        int[] keep = dropIntermediate ? cornerIndices(points) : allIndices(points.size());
        double[] fpr = new double[keep.length + 1];
        double[] tpr = new double[keep.length + 1];
        double[] thresholds = new double[keep.length + 1];
        thresholds[0] = Double.POSITIVE_INFINITY;
        for (int k = 0; k < keep.length; k++) {
            fpr[k + 1] = points.fps()[keep[k]] / (double) counts.negatives();
            tpr[k + 1] = points.tps()[keep[k]] / (double) counts.positives();
            thresholds[k + 1] = points.thresholds()[keep[k]];
        }
        return new RocCurve(fpr, tpr, thresholds);
    }

    /** sklearn's {@code precision_recall_curve} (all thresholds, no intermediate dropping). */
    public static PrecisionRecallCurve precisionRecallCurve(double[] scores, int[] labels) {
        ThresholdCounts counts = ThresholdCounts.ofScores(scores, labels);
        ThresholdCounts.Points points = counts.collect();
        int n = points.size();
        double[] precision = new double[n + 1];
        double[] recall = new double[n + 1];
        double[] thresholds = new double[n];
        for (int k = 0; k < n; k++) {
            int at = n - 1 - k; // sklearn reverses to increasing thresholds
            long tp = points.tps()[at];
            precision[k] = tp / (double) (tp + points.fps()[at]); // tp + fp >= 1: every point holds a sample
            recall[k] = tp / (double) counts.positives();
            thresholds[k] = points.thresholds()[at];
        }
        precision[n] = 1;
        recall[n] = 0;
        return new PrecisionRecallCurve(precision, recall, thresholds);
    }

    /** np.trapz over the ROC points from (0, 0), streamed so that millions of thresholds need no arrays. */
    private static double areaUnderRoc(ThresholdCounts counts) {
        double negatives = counts.negatives();
        double positives = counts.positives();
        double[] state = {0, 0, 0}; // previous fpr, previous tpr, area
        counts.walk((threshold, tp, fp) -> {
            double fpr = fp / negatives;
            double tpr = tp / positives;
            state[2] += (fpr - state[0]) * (tpr + state[1]) / 2.0;
            state[0] = fpr;
            state[1] = tpr;
        });
        return state[2];
    }

    private static int[] allIndices(int n) {
        int[] all = new int[n];
        for (int i = 0; i < n; i++) {
            all[i] = i;
        }
        return all;
    }

    /** The first, the last, and every point where the fp or tp count changes slope. */
    private static int[] cornerIndices(ThresholdCounts.Points points) {
        int n = points.size();
        if (n <= 2) {
            return allIndices(n);
        }
        long[] fps = points.fps();
        long[] tps = points.tps();
        int[] keep = new int[n];
        int size = 0;
        keep[size++] = 0;
        for (int i = 1; i < n - 1; i++) {
            if (fps[i + 1] - 2 * fps[i] + fps[i - 1] != 0 || tps[i + 1] - 2 * tps[i] + tps[i - 1] != 0) {
                keep[size++] = i;
            }
        }
        keep[size++] = n - 1;
        return Arrays.copyOf(keep, size);
    }
}
