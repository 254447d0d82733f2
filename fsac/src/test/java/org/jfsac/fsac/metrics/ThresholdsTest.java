package org.jfsac.fsac.metrics;

import static org.jfsac.fsac.metrics.SklearnReference.doubles;
import static org.jfsac.fsac.metrics.SklearnReference.ints;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The calibration thresholds against scikit-learn (metrics/make_threshold_reference.py, which states the
 * definitions: F1 ties go to the lowest threshold; the FPR threshold is the lowest one at or under the target).
 * Thresholds are input scores copied through, so they must match exactly; the rates are ratios of the same small
 * counts on both sides and match to 1e-12.
 */
class ThresholdsTest {

    private static final double TOL = 1e-12;

    static Stream<Arguments> cases() throws Exception {
        JsonObject root;
        try (var in = ThresholdsTest.class.getResourceAsStream("/metrics/threshold_reference.json")) {
            root = JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8)).getAsJsonObject();
        }
        List<Arguments> out = new ArrayList<>();
        for (JsonElement e : root.getAsJsonArray("cases")) {
            out.add(Arguments.of(e.getAsJsonObject().get("name").getAsString(), e.getAsJsonObject()));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesSklearn(String name, JsonObject c) {
        double[] scores = doubles(c.getAsJsonArray("scores"));
        int[] labels = ints(c.getAsJsonArray("labels"));
        JsonObject want = c.getAsJsonObject("f1max");
        Thresholds.F1Max f1 = Thresholds.f1Max(scores, labels);
        assertEquals(want.get("threshold").getAsDouble(), f1.threshold(), 0, "F1-max threshold");
        assertEquals(want.get("f1").getAsDouble(), f1.f1(), TOL);
        assertEquals(want.get("precision").getAsDouble(), f1.precision(), TOL);
        assertEquals(want.get("recall").getAsDouble(), f1.recall(), TOL);
        assertEquals(BinaryMetrics.f1Max(scores, labels), f1.f1(), TOL, "the reported F1-max is the metric's");
        for (JsonElement e : c.getAsJsonArray("fpr")) {
            JsonObject w = e.getAsJsonObject();
            Thresholds.AtFpr got = Thresholds.atFalsePositiveRate(scores, labels, w.get("target").getAsDouble());
            assertEquals(w.get("threshold").getAsDouble(), got.threshold(), 0, "threshold at FPR " + w.get("target"));
            assertEquals(w.get("fpr").getAsDouble(), got.fpr(), TOL);
            assertEquals(w.get("tpr").getAsDouble(), got.tpr(), TOL);
            assertTrue(got.fpr() <= got.target());
        }
    }

    @Test
    void tiesInF1GoToTheLowerThreshold() {
        // F1 = 2/3 at 0.8 (tp 2, fp 0) and at 0.2 (tp 4, fp 4)
        double[] s = {0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2};
        int[] l = {1, 1, 0, 0, 0, 0, 1, 1};
        assertEquals(0.2, Thresholds.f1Max(s, l).threshold(), 0);
    }

    @Test
    void rejectsATargetOutsideTheUnitInterval() {
        assertThrows(IllegalArgumentException.class, () -> Thresholds.atFalsePositiveRate(new double[]{0, 1}, new int[]{0, 1}, 1.5));
    }
}
