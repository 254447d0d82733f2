package org.jfsac.fsac.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The report's histogram bins against numpy's histogram_bin_edges(bins="auto") (report/make_histogram_reference.py):
 * the bin count must be equal and the outer edges (min and max, or ±0.5 around a single value) exact.
 */
class HistogramBinsTest {

    @Test
    void matchesNumpyAuto() throws Exception {
        JsonObject root;
        try (var in = HistogramBinsTest.class.getResourceAsStream("/report/histogram_bins.json")) {
            root = JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8)).getAsJsonObject();
        }
        int n = 0;
        for (JsonElement e : root.getAsJsonArray("cases")) {
            JsonObject c = e.getAsJsonObject();
            var a = c.getAsJsonArray("values");
            double[] v = new double[a.size()];
            for (int i = 0; i < v.length; i++) v[i] = a.get(i).getAsDouble();
            HistogramBins b = HistogramBins.auto(v);
            String name = c.get("name").getAsString();
            assertEquals(c.get("bins").getAsInt(), b.bins(), name);
            assertEquals(c.get("lo").getAsDouble(), b.lo(), 0, name);
            assertEquals(c.get("hi").getAsDouble(), b.hi(), 0, name);
            n++;
        }
        assertTrue(n >= 16);
    }

    @Test
    void clusteredScoresAreSpreadOverSeveralBarsInTheChart() {
        // The demo's random-weight head scores everything within 0.49..0.51: on [0, 1] in 25 bins that was one bar.
        double[] normal = {0.4991, 0.5003, 0.5012, 0.4987, 0.5001, 0.4996};
        double[] anomalous = {0.5034, 0.5041, 0.5019, 0.5050, 0.5027};
        double[] all = new double[normal.length + anomalous.length];
        System.arraycopy(normal, 0, all, 0, normal.length);
        System.arraycopy(anomalous, 0, all, normal.length, anomalous.length);
        HistogramBins b = HistogramBins.auto(all);
        assertEquals(0.4987, b.lo(), 0);
        assertEquals(0.5050, b.hi(), 0);
        assertTrue(b.bins() >= 4, "bins " + b.bins());
        String svg = SvgCharts.histogram("s", "anomaly score", java.util.List.of(
                new SvgCharts.Sample("normal", normal, "#00aa00"),
                new SvgCharts.Sample("anomalous", anomalous, "#aa0000")), b.bins(), b.lo(), b.hi());
        assertTrue(svg.split("<rect x=").length - 1 >= 4 + 2 + 1, "several bars, two legend swatches and the frame");
    }
}
