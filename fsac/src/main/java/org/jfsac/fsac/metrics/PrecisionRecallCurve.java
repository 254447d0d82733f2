package org.jfsac.fsac.metrics;

/**
 * A precision-recall curve as scikit-learn's {@code precision_recall_curve} returns it: one point per distinct
 * score in increasing threshold order (so recall decreases), then a final point precision 1, recall 0 that has no
 * threshold; {@code thresholds.length == precision.length - 1}. The arrays are the record's own: do not modify.
 */
public record PrecisionRecallCurve(double[] precision, double[] recall, double[] thresholds) {
}
