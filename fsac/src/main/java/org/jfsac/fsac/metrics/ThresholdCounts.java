package org.jfsac.fsac.metrics;

import java.util.Arrays;
import java.util.function.IntToDoubleFunction;

/**
 * The counts behind every threshold curve, built as scikit-learn's {@code _binary_clf_curve} builds them: one point
 * per distinct score, from the highest down, with the number of positives (tp) and negatives (fp) scoring at or
 * above it. Samples with equal scores always enter together, which is how sklearn treats ties; -0.0 equals 0.0.
 *
 * <p>Instead of sorting (score, label) pairs, it sorts all scores and the positives' scores as two primitive arrays
 * and walks both from the top: O(n log n) with no boxing, so millions of pixels fit (4 bytes a pixel for maps).
 */
final class ThresholdCounts {

    /** Receives the points in order of decreasing threshold. */
    interface Visitor {
        void accept(double threshold, long tp, long fp);
    }

    /** The collected points, descending thresholds; tps and fps are cumulative counts. */
    record Points(double[] thresholds, long[] tps, long[] fps) {
        int size() {
            return thresholds.length;
        }
    }

    private final IntToDoubleFunction sortedAll;
    private final IntToDoubleFunction sortedPositives;
    private final int total;
    private final int positives;

    private ThresholdCounts(IntToDoubleFunction sortedAll, int total, IntToDoubleFunction sortedPositives,
                            int positives) {
        if (positives == 0 || positives == total) {
            throw new IllegalArgumentException("labels hold one class only (" + (total - positives) + " normal, "
                    + positives + " anomalous): the metric needs both classes");
        }
        this.sortedAll = sortedAll;
        this.total = total;
        this.sortedPositives = sortedPositives;
        this.positives = positives;
    }

    /** Image-level input: labels 0 (normal) or 1 (anomalous), finite scores, equal lengths. */
    static ThresholdCounts ofScores(double[] scores, int[] labels) {
        if (scores == null || labels == null) {
            throw new IllegalArgumentException("scores and labels must not be null");
        }
        if (scores.length != labels.length) {
            throw new IllegalArgumentException("scores and labels differ in length: "
                    + scores.length + " scores, " + labels.length + " labels");
        }
        int p = 0;
        for (int i = 0; i < scores.length; i++) {
            requireFinite(scores[i], "score at index " + i);
            if (labels[i] != 0 && labels[i] != 1) {
                throw new IllegalArgumentException("label at index " + i + " is " + labels[i]
                        + "; labels must be 0 (normal) or 1 (anomalous)");
            }
            p += labels[i];
        }
        double[] all = scores.clone();
        double[] pos = new double[p];
        for (int i = 0, k = 0; i < scores.length; i++) {
            if (labels[i] == 1) {
                pos[k++] = scores[i];
            }
        }
        Arrays.sort(all);
        Arrays.sort(pos);
        return new ThresholdCounts(i -> all[i], all.length, i -> pos[i], p);
    }

    /** Pixel-level input: all maps pooled, each map flattened in the same order as its mask. */
    static ThresholdCounts ofPixels(float[][] maps, boolean[][] masks) {
        if (maps == null || masks == null) {
            throw new IllegalArgumentException("maps and masks must not be null");
        }
        if (maps.length != masks.length) {
            throw new IllegalArgumentException("maps and masks differ in count: "
                    + maps.length + " maps, " + masks.length + " masks");
        }
        long n = 0;
        long p = 0;
        for (int m = 0; m < maps.length; m++) {
            if (maps[m] == null || masks[m] == null) {
                throw new IllegalArgumentException("map or mask " + m + " is null");
            }
            if (maps[m].length != masks[m].length) {
                throw new IllegalArgumentException("map " + m + " has " + maps[m].length
                        + " pixels but its mask has " + masks[m].length);
            }
            for (int i = 0; i < maps[m].length; i++) {
                requireFinite(maps[m][i], "map " + m + " pixel " + i);
                p += masks[m][i] ? 1 : 0;
            }
            n += maps[m].length;
        }
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(n + " pixels exceed one Java array; evaluate fewer images at once");
        }
        float[] all = new float[(int) n];
        float[] pos = new float[(int) p];
        int a = 0;
        int k = 0;
        for (int m = 0; m < maps.length; m++) {
            System.arraycopy(maps[m], 0, all, a, maps[m].length);
            a += maps[m].length;
            for (int i = 0; i < maps[m].length; i++) {
                if (masks[m][i]) {
                    pos[k++] = maps[m][i];
                }
            }
        }
        Arrays.sort(all);
        Arrays.sort(pos);
        return new ThresholdCounts(i -> all[i], all.length, i -> pos[i], (int) p);
    }

    private static void requireFinite(double v, String what) {
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException(what + " is " + v + "; scores must be finite");
        }
    }

    int positives() {
        return positives;
    }

    int negatives() {
        return total - positives;
    }

    /** Visits each distinct score from the highest down. */
    void walk(Visitor visitor) {
        long tp = 0;
        long fp = 0;
        int j = positives - 1;
        for (int i = total - 1; i >= 0; ) {
            double t = sortedAll.applyAsDouble(i);
            int atT = 0;
            int positivesAtT = 0;
            // == (not bit equality) so that -0.0 and 0.0, adjacent after sorting, form one threshold
            while (i >= 0 && sortedAll.applyAsDouble(i) == t) {
                i--;
                atT++;
            }
            while (j >= 0 && sortedPositives.applyAsDouble(j) == t) {
                j--;
                positivesAtT++;
            }
            tp += positivesAtT;
            fp += atT - positivesAtT;
            visitor.accept(t == 0 ? 0.0 : t, tp, fp);
        }
    }

    Points collect() {
        double[] thresholds = new double[total];
        long[] tps = new long[total];
        long[] fps = new long[total];
        int[] size = {0};
        walk((t, tp, fp) -> {
            thresholds[size[0]] = t;
            tps[size[0]] = tp;
            fps[size[0]] = fp;
            size[0]++;
        });
        int s = size[0];
        return new Points(Arrays.copyOf(thresholds, s), Arrays.copyOf(tps, s), Arrays.copyOf(fps, s));
    }
}
