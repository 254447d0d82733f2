package org.jfsac.fsac.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.apache.commons.math3.stat.ranking.NaNStrategy;
import org.apache.commons.math3.stat.ranking.NaturalRanking;
import org.apache.commons.math3.stat.ranking.TiesStrategy;
import org.junit.jupiter.api.Test;

/** Bad input, and pixel AUROC at scale against an independent rank-sum (Mann-Whitney) computation. */
class BinaryMetricsTest {

    private static void assertRejected(String expectedFragment, org.junit.jupiter.api.function.Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(expectedFragment), () -> "message '" + e.getMessage()
                + "' should mention '" + expectedFragment + "'");
    }

    @Test
    void oneClassIsRejectedByEveryMetric() {
        double[] s = {0.1, 0.2, 0.3};
        int[] normal = {0, 0, 0};
        int[] anomalous = {1, 1, 1};
        assertRejected("one class only (3 normal, 0 anomalous)", () -> BinaryMetrics.auroc(s, normal));
        assertRejected("one class only (0 normal, 3 anomalous)", () -> BinaryMetrics.averagePrecision(s, anomalous));
        assertRejected("one class only", () -> BinaryMetrics.f1Max(s, normal));
        assertRejected("one class only", () -> BinaryMetrics.rocCurve(s, anomalous));
        assertRejected("one class only", () -> BinaryMetrics.precisionRecallCurve(s, normal));
        assertRejected("one class only", () -> BinaryMetrics.auroc(new double[0], new int[0]));
        assertRejected("one class only",
                () -> BinaryMetrics.pixelAuroc(new float[][] {{0.5f, 0.7f}}, new boolean[][] {{false, false}}));
    }

    @Test
    void nonFiniteScoresAreRejectedWithTheirIndex() {
        int[] labels = {0, 1, 0};
        assertRejected("score at index 1 is NaN", () -> BinaryMetrics.auroc(new double[] {0, Double.NaN, 1}, labels));
        assertRejected("score at index 2 is Infinity",
                () -> BinaryMetrics.f1Max(new double[] {0, 1, Double.POSITIVE_INFINITY}, labels));
        assertRejected("map 1 pixel 0 is NaN", () -> BinaryMetrics.pixelAuroc(
                new float[][] {{0f, 1f}, {Float.NaN}}, new boolean[][] {{false, true}, {false}}));
    }

    @Test
    void shapeMismatchesAreRejected() {
        assertRejected("differ in length: 2 scores, 3 labels",
                () -> BinaryMetrics.auroc(new double[] {0, 1}, new int[] {0, 1, 0}));
        assertRejected("label at index 1 is 2",
                () -> BinaryMetrics.averagePrecision(new double[] {0, 1}, new int[] {0, 2}));
        assertRejected("must not be null", () -> BinaryMetrics.auroc(null, new int[] {0}));
        assertRejected("differ in count: 2 maps, 1 masks", () -> BinaryMetrics.pixelAuroc(
                new float[][] {{0f}, {1f}}, new boolean[][] {{true}}));
        assertRejected("map 0 has 2 pixels but its mask has 1", () -> BinaryMetrics.pixelAuroc(
                new float[][] {{0f, 1f}}, new boolean[][] {{true}}));
    }

    /**
     * Two million pixels in 40 images, scores quantised to 1/256 so that ties are everywhere. Reference: the
     * Mann-Whitney statistic with average ranks for ties, AUROC = (Σ ranks of positives − P(P+1)/2) / (P·N),
     * computed by commons-math's NaturalRanking, a different algorithm from the threshold walk. Rank sums stay
     * below 2^53 and are exact; the walk's trapezoid sum over 256 thresholds loses at most ~1e-14, so 1e-12.
     */
    @Test
    void pixelAurocAtScaleMatchesRankSum() {
        int images = 40;
        int pixels = 50_000;
        SplittableRandom rnd = new SplittableRandom(7);
        float[][] maps = new float[images][pixels];
        boolean[][] masks = new boolean[images][pixels];
        double[] pooled = new double[images * pixels];
        long p = 0;
        for (int m = 0; m < images; m++) {
            for (int i = 0; i < pixels; i++) {
                masks[m][i] = m % 3 == 0 && rnd.nextDouble() < 0.2;
                double raw = rnd.nextDouble() + (masks[m][i] ? 0.3 : 0.0);
                maps[m][i] = (float) (Math.floor(Math.min(raw, 0.999) * 256) / 256);
                pooled[m * pixels + i] = maps[m][i];
                p += masks[m][i] ? 1 : 0;
            }
        }
        double[] ranks = new NaturalRanking(NaNStrategy.FAILED, TiesStrategy.AVERAGE).rank(pooled);
        double positiveRankSum = 0;
        for (int m = 0; m < images; m++) {
            for (int i = 0; i < pixels; i++) {
                if (masks[m][i]) {
                    positiveRankSum += ranks[m * pixels + i];
                }
            }
        }
        long n = (long) images * pixels - p;
        double expected = (positiveRankSum - p * (p + 1) / 2.0) / ((double) p * n);

        double actual = BinaryMetrics.pixelAuroc(maps, masks);
        assertEquals(expected, actual, 1e-12);
    }

    @Test
    void pixelAurocPoolsImagesLikeOneFlatMap() {
        // the split into images must not matter: two images versus the same pixels as one
        float[][] split = {{0.1f, 0.9f, 0.4f}, {0.4f, 0.2f}};
        boolean[][] splitMask = {{false, true, true}, {false, false}};
        double pooled = BinaryMetrics.pixelAuroc(new float[][] {{0.1f, 0.9f, 0.4f, 0.4f, 0.2f}},
                new boolean[][] {{false, true, true, false, false}});
        assertEquals(pooled, BinaryMetrics.pixelAuroc(split, splitMask), 0.0);
        // and it is the image-level AUROC of the same samples: 5 of 6 pairs ordered, 1 tie → (5 + 0.5) / 6
        assertEquals(5.5 / 6, pooled, 1e-15);
    }
}
