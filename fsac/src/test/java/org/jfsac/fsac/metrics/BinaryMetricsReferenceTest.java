package org.jfsac.fsac.metrics;

import static org.jfsac.fsac.metrics.SklearnReference.booleans;
import static org.jfsac.fsac.metrics.SklearnReference.doubles;
import static org.jfsac.fsac.metrics.SklearnReference.floats;
import static org.jfsac.fsac.metrics.SklearnReference.ints;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every metric against scikit-learn 1.2.1 on the cases of make_reference.py (random sizes 2..500, heavy ties,
 * one score for all, perfect and inverted separation, signed zeros). Tolerance 1e-12: both sides do the same
 * arithmetic on counts below 1e3; only summation order differs (numpy sums pairwise), which moves results by a
 * few ulps, far below 1e-12. Thresholds are input values copied through, so they must match exactly.
 */
class BinaryMetricsReferenceTest {

    private static final double TOL = 1e-12;

    static Stream<Arguments> imageCases() {
        return SklearnReference.cases("image").stream().map(c -> Arguments.of(c.get("name").getAsString(), c));
    }

    static Stream<Arguments> pixelCases() {
        return SklearnReference.cases("pixel").stream().map(c -> Arguments.of(c.get("name").getAsString(), c));
    }

    @Test
    void referenceHasTheAdvertisedCoverage() {
        assertTrue(SklearnReference.cases("image").size() >= 25);
        assertTrue(SklearnReference.cases("image").stream()
                .anyMatch(c -> c.getAsJsonArray("scores").size() >= 400));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("imageCases")
    void scalarMetricsMatchSklearn(String name, JsonObject c) {
        double[] scores = doubles(c.getAsJsonArray("scores"));
        int[] labels = ints(c.getAsJsonArray("labels"));
        assertEquals(c.get("auroc").getAsDouble(), BinaryMetrics.auroc(scores, labels), TOL, "auroc");
        assertEquals(c.get("ap").getAsDouble(), BinaryMetrics.averagePrecision(scores, labels), TOL, "ap");
        assertEquals(c.get("f1max").getAsDouble(), BinaryMetrics.f1Max(scores, labels), TOL, "f1max");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("imageCases")
    void rocCurvesMatchSklearn(String name, JsonObject c) {
        double[] scores = doubles(c.getAsJsonArray("scores"));
        int[] labels = ints(c.getAsJsonArray("labels"));
        assertRoc(c.getAsJsonObject("roc_drop"), BinaryMetrics.rocCurve(scores, labels));
        assertRoc(c.getAsJsonObject("roc_drop"), BinaryMetrics.rocCurve(scores, labels, true));
        assertRoc(c.getAsJsonObject("roc_full"), BinaryMetrics.rocCurve(scores, labels, false));
    }

    private static void assertRoc(JsonObject expected, RocCurve actual) {
        assertArrayEquals(doubles(expected.getAsJsonArray("fpr")), actual.fpr(), TOL, "fpr");
        assertArrayEquals(doubles(expected.getAsJsonArray("tpr")), actual.tpr(), TOL, "tpr");
        double[] thresholds = actual.thresholds();
        assertEquals(Double.POSITIVE_INFINITY, thresholds[0]);
        assertArrayEquals(doubles(expected.getAsJsonArray("thresholds_after_first")),
                Arrays.copyOfRange(thresholds, 1, thresholds.length), 0.0, "thresholds");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("imageCases")
    void precisionRecallCurveMatchesSklearn(String name, JsonObject c) {
        PrecisionRecallCurve pr = BinaryMetrics.precisionRecallCurve(
                doubles(c.getAsJsonArray("scores")), ints(c.getAsJsonArray("labels")));
        JsonObject e = c.getAsJsonObject("pr");
        assertArrayEquals(doubles(e.getAsJsonArray("precision")), pr.precision(), TOL, "precision");
        assertArrayEquals(doubles(e.getAsJsonArray("recall")), pr.recall(), TOL, "recall");
        assertArrayEquals(doubles(e.getAsJsonArray("thresholds")), pr.thresholds(), 0.0, "thresholds");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pixelCases")
    void pixelAurocMatchesSklearnOnPooledPixels(String name, JsonObject c) {
        JsonArray maps = c.getAsJsonArray("maps");
        JsonArray masks = c.getAsJsonArray("masks");
        float[][] m = new float[maps.size()][];
        boolean[][] k = new boolean[masks.size()][];
        for (int i = 0; i < m.length; i++) {
            m[i] = floats(maps.get(i).getAsJsonArray());
            k[i] = booleans(masks.get(i).getAsJsonArray());
        }
        assertEquals(c.get("auroc").getAsDouble(), BinaryMetrics.pixelAuroc(m, k), TOL);
    }

    @Test
    void meanStdErrMatchesNumpy() {
        for (JsonObject c : SklearnReference.cases("stats")) {
            MeanStdErr s = MeanStdErr.of(doubles(c.getAsJsonArray("values")));
            // values near 1, n <= 10: commons-math's running moments differ from numpy by a few ulps only
            assertEquals(c.get("mean").getAsDouble(), s.mean(), TOL, "mean");
            assertEquals(c.get("std").getAsDouble(), s.standardDeviation(), TOL, "std");
            assertEquals(c.get("stderr").getAsDouble(), s.standardError(), TOL, "stderr");
            assertEquals(c.getAsJsonArray("values").size(), s.n());
        }
    }
}
