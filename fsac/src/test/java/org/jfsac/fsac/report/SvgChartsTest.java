package org.jfsac.fsac.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

class SvgChartsTest {

    @Test
    void binsAgreeWithNumpyHistogramIncludingEdges() {
        // numpy 1.24: np.histogram([0, 0.1, 0.25, 0.5, 0.999, 1.0], bins=4, range=(0, 1))[0] → [2 1 1 2]
        assertArrayEquals(new int[] {2, 1, 1, 2},
                SvgCharts.binCounts(new double[] {0, 0.1, 0.25, 0.5, 0.999, 1.0}, 4, 0, 1));
        // np.histogram([0.3, 0.7, 0.7 + 1e-12, 0.35], bins=20, range=(0, 1))[0] has ones at 5, 6, 13, 14:
        // numpy's edges 0.30000000000000004 and 0.7000000000000001 lie just above 0.3 and 0.7.
        int[] expected = new int[20];
        expected[5] = 1;
        expected[6] = 1;
        expected[13] = 1;
        expected[14] = 1;
        assertArrayEquals(expected, SvgCharts.binCounts(new double[] {0.3, 0.7, 0.7 + 1e-12, 0.35}, 20, 0, 1));
    }

    @Test
    void valuesOutsideTheRangeAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SvgCharts.binCounts(new double[] {0.5, 1.0000001}, 10, 0, 1));
        assertTrue(e.getMessage().contains("index 1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SvgCharts.binCounts(new double[] {Double.NaN}, 10, 0, 1));
    }

    @Test
    void textIsEscapedAndTheChartIsWellFormed() {
        String title = "ROC <cable> & \"screw\" 'x'";
        String svg = SvgCharts.lineChart(title, "false positive rate", "true positive rate", List.of(
                new SvgCharts.Series("A < B", new double[] {0, 0.5, 1}, new double[] {0, 0.9, 1}, "#1f77b4"),
                new SvgCharts.Series("C & D", new double[] {0, 1}, new double[] {0, 1}, "#ff7f0e")), true);
        Document doc = Xml.parse(svg);
        assertEquals("svg", doc.getDocumentElement().getLocalName());
        assertEquals("http://www.w3.org/2000/svg", doc.getDocumentElement().getNamespaceURI());
        List<String> texts = Xml.elements(doc, "text").stream().map(Element::getTextContent).toList();
        assertTrue(texts.contains(title), texts.toString());
        assertTrue(texts.contains("A < B"), texts.toString());
        assertTrue(texts.contains("C & D"), texts.toString());
        assertEquals(2, Xml.elements(doc, "polyline").size());
        assertEquals(1, Xml.elements(doc, "line").stream()
                .filter(l -> l.hasAttribute("stroke-dasharray")).count(), "one chance diagonal");
    }

    @Test
    void rocPointsMapIntoThePlotSquare() {
        String svg = SvgCharts.lineChart("t", "x", "y", List.of(
                new SvgCharts.Series("s", new double[] {0, 1}, new double[] {0, 1}, "#000000")), false);
        Document doc = Xml.parse(svg);
        Element frame = Xml.elements(doc, "rect").stream()
                .filter(r -> "#444444".equals(r.getAttribute("stroke"))).findFirst().orElseThrow();
        double x = Double.parseDouble(frame.getAttribute("x"));
        double y = Double.parseDouble(frame.getAttribute("y"));
        double w = Double.parseDouble(frame.getAttribute("width"));
        double h = Double.parseDouble(frame.getAttribute("height"));
        String[] pts = Xml.elements(doc, "polyline").get(0).getAttribute("points").split(" ");
        // (0, 0) is the frame's bottom-left corner and (1, 1) its top-right; coordinates have 2 decimals.
        assertArrayEquals(new double[] {x, y + h}, parse(pts[0]), 0.006);
        assertArrayEquals(new double[] {x + w, y}, parse(pts[1]), 0.006);
    }

    @Test
    void histogramBarsAreFractionsOfEachSample() {
        String svg = SvgCharts.histogram("scores", "anomaly score", List.of(
                new SvgCharts.Sample("normal", new double[] {0.1, 0.1, 0.9}, "#2ca02c"),
                new SvgCharts.Sample("anomalous", new double[] {0.9, 0.95, 0.99, 1.0}, "#d62728")), 2, 0, 1);
        Document doc = Xml.parse(svg);
        List<Element> bars = Xml.elements(doc, "rect").stream()
                .filter(r -> "0.45".equals(r.getAttribute("fill-opacity"))).toList();
        assertEquals(3, bars.size()); // normal: both bins; anomalous: the upper bin only
        double normalLow = height(bars.get(0));
        double normalHigh = height(bars.get(1));
        double anomalousHigh = height(bars.get(2));
        assertEquals(2.0, normalLow / normalHigh, 1e-3);         // 2/3 vs 1/3
        assertEquals(1.5, anomalousHigh / normalLow, 1e-3);      // 4/4 vs 2/3
        List<String> texts = Xml.elements(doc, "text").stream().map(Element::getTextContent).toList();
        assertTrue(texts.contains("normal (n=3)") && texts.contains("anomalous (n=4)"), texts.toString());
    }

    @Test
    void coloursMustBeHex() {
        assertThrows(IllegalArgumentException.class,
                () -> new SvgCharts.Sample("x", new double[0], "red\" onload=\"alert(1)"));
    }

    private static double height(Element rect) {
        return Double.parseDouble(rect.getAttribute("height"));
    }

    private static double[] parse(String point) {
        String[] xy = point.split(",");
        return new double[] {Double.parseDouble(xy[0]), Double.parseDouble(xy[1])};
    }
}
