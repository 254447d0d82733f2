package org.jfsac.fsac.metrics;

/**
 * A ROC curve as scikit-learn's {@code roc_curve} returns it: points ordered by decreasing threshold, starting at
 * (0, 0) with threshold +infinity (sklearn >= 1.3; sklearn 1.2 used max(score) + 1 there). The arrays are the
 * record's own: callers must not modify them.
 */
public record RocCurve(double[] fpr, double[] tpr, double[] thresholds) {
}
