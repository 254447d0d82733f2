package org.jfsac.fsac.report;

import org.jfsac.fsac.method.ClipAcMethod;
import org.jfsac.fsac.method.ClipFsacMethod;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

class HtmlReportTest {

    @TempDir
    Path dir;

    /** A sample the report tests and the visual check share: two classes, one with saliency examples. */
    static String sampleReport() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("checkpoint", "/ckpt/ViT-B-16-plus-240 <laion400m_e32>.pt");
        settings.put("dataset root", "/data/mvtec");
        settings.put("preset", "paper");
        RunInfo run = new RunInfo("CLIP-FSAC++ & CLIP-AC on MVTec AD", settings,
                "Final epoch reported (best-epoch selection is off).\n\nSeeds 0, 1, 2; scores are AS(x), Eq. 16.");
        List<ResultRow> rows = new ArrayList<>();
        double[] fsac = {90, 92, 94};
        for (int s = 0; s < 3; s++) {
            for (String cls : List.of("bottle", "screw")) {
                rows.add(new ResultRow("mvtec", cls, 1, s, ClipFsacMethod.NAME, ResultRow.I_AUROC,
                        cls.equals("bottle") ? fsac[s] : 70 + s));
                rows.add(new ResultRow("mvtec", cls, 1, s, ClipAcMethod.NAME, ResultRow.I_AUROC,
                        cls.equals("bottle") ? 88 : 60));
            }
        }
        int[] labels = {0, 0, 0, 0, 1, 1, 1, 1, 1, 1};
        double[] sFsac = {0.05, 0.1, 0.2, 0.3, 0.6, 0.7, 0.8, 0.9, 0.95, 1.0}; // separates the classes fully
        double[] sAc = {0.4, 0.6, 0.5, 0.45, 0.55, 0.42, 0.7, 0.65, 0.5, 0.58};
        SaliencyExample withMask = new SaliencyExample("broken_large/000.png", image(300, 200), blob(20, 30),
                mask(300, 200), 0.97, 0.912);
        SaliencyExample normal = new SaliencyExample("good/001.png", image(300, 200), blob(15, 15), null, 0.12, null);
        List<ClassReport> reports = List.of(
                new ClassReport("screw", 1, 0, Map.of(ClipFsacMethod.NAME, sFsac), labels, List.of()),
                new ClassReport("bottle", 1, 0, scores(ClipAcMethod.NAME, sAc, ClipFsacMethod.NAME, sFsac), labels, List.of(withMask, normal)));
        return HtmlReport.render(run, rows, List.of("bottle", "screw"), reports);
    }

    @Test
    void histogramAxesFitClusteredScores() {
        // A random-weight head scores everything within 0.49..0.51: the axis spans the scores, not [0, 1].
        int[] labels = {0, 0, 0, 0, 1, 1, 1, 1};
        double[] clustered = {0.4991, 0.5003, 0.4987, 0.4996, 0.5034, 0.5041, 0.5019, 0.5050};
        String html = HtmlReport.render(new RunInfo("t", Map.of(), "p"), List.of(), List.of("c"),
                List.of(new ClassReport("c", 1, 0, Map.of(ClipFsacMethod.NAME, clustered), labels, List.of())));
        String svg = html.substring(html.indexOf("CLIP-FSAC++ anomaly scores"));
        String x = "text-anchor=\"middle\">"; // x tick labels are centred under their tick, y labels end at the axis
        assertTrue(svg.contains(x + "0.500<") && svg.contains(x + "0.504<"), "x ticks at the scores' scale");
        assertFalse(svg.contains(x + "0.0<") || svg.contains(x + "1.0<"), "no [0, 1] axis with one bar in it");
    }

    @Test
    void theWholePageIsWellFormedWithTheExpectedSections() {
        String html = sampleReport();
        assertTrue(html.startsWith("<!DOCTYPE html>\n"));
        Document doc = Xml.parse(html);
        List<String> ids = Xml.elements(doc, "section").stream().map(e -> e.getAttribute("id")).toList();
        assertEquals(List.of("run", "protocol", "results", "classes", "detail-0", "detail-1"), ids);
        List<String> h3 = Xml.elements(doc, "h3").stream().map(Element::getTextContent).toList();
        // bottle comes first: the class order given, not the order of the reports
        assertEquals(List.of("I-AUROC — mvtec", "bottle — 1-shot, seed 0", "screw — 1-shot, seed 0"), h3);
        assertEquals(2, Xml.elements(doc, "p").stream()
                .filter(p -> p.getParentNode() instanceof Element s && "protocol".equals(s.getAttribute("id")))
                .count(), "two protocol paragraphs");
    }

    @Test
    void textIsEscaped() {
        String html = sampleReport();
        assertTrue(html.contains("ViT-B-16-plus-240 &lt;laion400m_e32&gt;.pt"));
        assertTrue(html.contains("CLIP-FSAC++ &amp; CLIP-AC on MVTec AD"));
        assertFalse(html.contains("<laion400m_e32>"));
    }

    @Test
    void resultTableShowsTheCellsAndMarksTheBetterMethod() {
        Document doc = Xml.parse(sampleReport());
        Element table = Xml.elements(doc, "table").stream()
                .filter(t -> "results".equals(t.getAttribute("class"))).findFirst().orElseThrow();
        List<Element> rows = Xml.elements(doc, "tr").stream().filter(r -> r.getParentNode().getParentNode() == table)
                .toList();
        assertEquals(5, rows.size()); // two header rows, bottle, screw, mean
        List<Element> bottle = children(rows.get(2), "td");
        assertEquals(List.of("bottle", "88.0 ± 0.0", "92.0 ± 1.2"),
                bottle.stream().map(Element::getTextContent).toList());
        assertEquals("best", bottle.get(2).getAttribute("class"));
        assertEquals("mean", rows.get(4).getAttribute("class"));
    }

    @Test
    void everySvgFragmentParsesOnItsOwnAndRocLegendsCarryTheAuroc() {
        String html = sampleReport();
        Matcher m = Pattern.compile("<svg.*?</svg>", Pattern.DOTALL).matcher(html);
        List<String> legends = new ArrayList<>();
        int count = 0;
        while (m.find()) {
            Document svg = Xml.parse(m.group());
            Xml.elements(svg, "text").forEach(t -> legends.add(t.getTextContent()));
            count++;
        }
        // bottle: ROC + two histograms; screw (no CLIP-AC scores): ROC + one histogram
        assertEquals(5, count);
        assertTrue(legends.contains("CLIP-FSAC++ (AUROC 100.0)"), legends.toString());
        // CLIP-AC on bottle: 17 of the 24 normal/anomalous pairs ranked right and one tie counting half,
        // 17.5 / 24; sklearn's roc_auc_score gives 0.7291666666666667 on these scores
        assertTrue(legends.contains("CLIP-AC (AUROC 72.9)"), legends.toString());
        assertTrue(legends.contains("normal (n=4)") && legends.contains("anomalous (n=6)"), legends.toString());
    }

    @Test
    void imagesAreEmbeddedAsSmallPngs() throws IOException {
        Document doc = Xml.parse(sampleReport());
        List<Element> imgs = Xml.elements(doc, "img");
        assertEquals(5, imgs.size()); // image, overlay, mask; image, overlay (the normal image has no mask)
        for (Element img : imgs) {
            String src = img.getAttribute("src");
            assertTrue(src.startsWith("data:image/png;base64,"), src.substring(0, 30));
            BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(
                    Base64.getDecoder().decode(src.substring("data:image/png;base64,".length()))));
            assertNotNull(decoded);
            // 300×200 fitted into 192 px keeps the aspect ratio: 192×128
            assertEquals(192, decoded.getWidth());
            assertEquals(128, decoded.getHeight());
            assertEquals("192", img.getAttribute("width"));
        }
        BufferedImage mask = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(
                imgs.get(2).getAttribute("src").substring("data:image/png;base64,".length()))));
        assertEquals(0xffffff, mask.getRGB(96, 64) & 0xffffff, "defect centre is white");
        assertEquals(0x000000, mask.getRGB(5, 5) & 0xffffff, "background is black");
        String captions = Xml.elements(doc, "td").stream().filter(t -> "caption".equals(t.getAttribute("class")))
                .map(Element::getTextContent).toList().toString();
        assertTrue(captions.contains("broken_large/000.png · AS = 0.970 · pixel AUROC 91.2"), captions);
        assertTrue(captions.contains("good/001.png · AS = 0.120]"), captions);
    }

    @Test
    void writeIsAtomicAndNotesATestSetWithOneClass() throws IOException {
        Path file = dir.resolve("report.html");
        RunInfo run = new RunInfo("r", Map.of(), "p");
        HtmlReport.write(file, run, List.of(), List.of(), List.of(
                new ClassReport("pill", 2, 1, Map.of("m", new double[] {0.1, 0.2}), new int[] {0, 0}, null)));
        String html = Files.readString(file);
        Xml.parse(html);
        assertTrue(html.contains("No ROC curve: the test set holds 2 normal and 0 anomalous images"), html);
        assertTrue(html.contains("No results yet."));
        ResultsCsvTest.assertOnlyFile(dir, "report.html");
    }

    @Test
    void inconsistentInputsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new ClassReport("pill", 1, 0, Map.of("m", new double[] {0.1}),
                new int[] {0, 1}, null));
        assertThrows(IllegalArgumentException.class, () -> new ClassReport("pill", 1, 0, Map.of("m", new double[] {0.1, 0.2}),
                new int[] {0, 2}, null));
        assertThrows(IllegalArgumentException.class, () -> new SaliencyExample("x", image(4, 4),
                new float[][] {{Float.NaN}}, null, 0.5, null));
        assertThrows(IllegalArgumentException.class, () -> new SaliencyExample("x", image(4, 4),
                new float[][] {{1f}}, null, 0.5, 1.5));
        assertThrows(IllegalArgumentException.class, () -> new ClassReport("pill", 1, 0, Map.of(), new int[] {0, 1}, null));
        assertThrows(IllegalArgumentException.class, () -> new ClassReport("pill", 1, 0,
                Map.of("m", new double[] {0.1, Double.NaN}), new int[] {0, 1}, null));
    }

    /** The report draws whatever methods a class report holds, in its order: a third one gets a ROC curve and a histogram. */
    @Test
    void everyMethodOfAClassReportIsDrawn() {
        int[] labels = {0, 0, 1, 1};
        Map<String, double[]> scores = scores(ClipAcMethod.NAME, new double[] {0.1, 0.2, 0.3, 0.4},
                ClipFsacMethod.NAME, new double[] {0.4, 0.3, 0.2, 0.1}, "kNN", new double[] {0.1, 0.3, 0.2, 0.4});
        String html = HtmlReport.render(new RunInfo("t", Map.of(), "p"), List.of(), List.of("c"),
                List.of(new ClassReport("c", 1, 0, scores, labels, List.of())));
        List<String> texts = new ArrayList<>();
        Matcher m = Pattern.compile("<svg.*?</svg>", Pattern.DOTALL).matcher(html);
        int charts = 0;
        while (m.find()) {
            Xml.elements(Xml.parse(m.group()), "text").forEach(t -> texts.add(t.getTextContent()));
            charts++;
        }
        assertEquals(4, charts, "one ROC chart and a histogram per method");
        // AUROCs by hand: 4/4 pairs ranked right, 0/4, 3/4
        for (String legend : List.of("CLIP-AC (AUROC 100.0)", "CLIP-FSAC++ (AUROC 0.0)", "kNN (AUROC 75.0)"))
            assertTrue(texts.contains(legend), texts.toString());
        int ac = html.indexOf("CLIP-AC anomaly scores"), fsac = html.indexOf("CLIP-FSAC++ anomaly scores"), knn = html.indexOf("kNN anomaly scores");
        assertTrue(ac > 0 && ac < fsac && fsac < knn, "histograms in the report's order");
    }

    private static Map<String, double[]> scores(Object... nameThenScores) {
        Map<String, double[]> out = new LinkedHashMap<>();
        for (int i = 0; i < nameThenScores.length; i += 2) out.put((String) nameThenScores[i], (double[]) nameThenScores[i + 1]);
        return out;
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> out = new ArrayList<>();
        for (var n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && name.equals(e.getLocalName())) {
                out.add(e);
            }
        }
        return out;
    }

    /** A smooth colour gradient. */
    static BufferedImage image(int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, ((x * 255 / w) << 16) | ((y * 255 / h) << 8) | 0x80);
            }
        }
        return img;
    }

    /** A grey 0/255 mask with a centred ellipse, stored as a grey image like MVTec's masks. */
    static BufferedImage mask(int w, int h) {
        BufferedImage m = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double dx = (x - w / 2.0) / (w / 5.0);
                double dy = (y - h / 2.0) / (h / 5.0);
                m.getRaster().setSample(x, y, 0, dx * dx + dy * dy <= 1 ? 255 : 0);
            }
        }
        return m;
    }

    /** A Gaussian bump in the middle of an h×w map. */
    static float[][] blob(int h, int w) {
        float[][] map = new float[h][w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double dx = (x - w / 2.0) / (w / 6.0);
                double dy = (y - h / 2.0) / (h / 6.0);
                map[y][x] = (float) Math.exp(-(dx * dx + dy * dy));
            }
        }
        return map;
    }
}
