package org.jfsac.fsac.report;

import org.jfsac.core.io.AtomicFiles;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jfsac.fsac.metrics.BinaryMetrics;
import org.jfsac.fsac.metrics.RocCurve;

/**
 * {@code report.html}: one self-contained page (inline CSS, inline SVG, images embedded as PNG data URIs, so it
 * can be mailed or archived alone) with the run header, the result tables, and per class and k: ROC curves of
 * every method, score histograms of normal and anomalous test images (as the paper's Fig. 10) and saliency
 * examples beside their ground truth (as Fig. 5). The markup is well-formed XML (XHTML syntax) as well as HTML5.
 */
public final class HtmlReport {

    /** Longer side of the embedded thumbnails: keeps the file small (about 50 kB an image). */
    static final int THUMBNAIL = 192;
    static final double OVERLAY_ALPHA = 0.5;
    /** ROC colours of the methods in report order (matplotlib's tab10 without the histograms' green and red). */
    private static final List<String> METHOD_COLORS = List.of("#ff7f0e", "#1f77b4", "#9467bd", "#8c564b", "#e377c2",
            "#7f7f7f", "#bcbd22", "#17becf");
    private static final String COLOR_NORMAL = "#2ca02c";
    private static final String COLOR_ANOMALOUS = "#d62728";

    private static final String CSS = """
            body { font-family: system-ui, sans-serif; margin: 2em auto; max-width: 1200px; padding: 0 1em;
                   color: #222; line-height: 1.4; }
            h1 { font-size: 1.6em; } h2 { border-bottom: 1px solid #ccc; padding-bottom: .2em; margin-top: 2em; }
            h3 { margin-top: 1.6em; }
            table { border-collapse: collapse; margin: .8em 0; }
            th, td { padding: .25em .6em; border: 1px solid #d0d0d0; }
            th { background: #f3f3f3; }
            table.settings td:first-child { font-weight: 600; white-space: nowrap; }
            table.settings td { font-family: ui-monospace, monospace; font-size: .9em; word-break: break-all; }
            table.results td { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
            table.results td.label { text-align: left; }
            table.results tr.mean td { font-weight: 600; border-top: 2px solid #888; }
            table.results td.best { background: #e8f1fb; }
            p.note { font-size: .85em; color: #555; max-width: 60em; }
            nav ul { columns: 3; font-size: .9em; }
            div.charts { display: flex; flex-wrap: wrap; gap: 12px; }
            svg.chart { border: 1px solid #e0e0e0; }
            table.saliency td { text-align: center; vertical-align: top; border: none; }
            table.saliency img { display: block; image-rendering: auto; }
            table.saliency td.caption { font-size: .85em; color: #444; padding-bottom: 1em; }
            p.missing { color: #a00; }
            """;

    private HtmlReport() {
    }

    /** Writes {@link #render} to {@code file} atomically. */
    public static void write(Path file, RunInfo run, List<ResultRow> rows, List<String> classOrder,
                             List<ClassReport> classReports) throws IOException {
        AtomicFiles.writeString(file, render(run, rows, classOrder, classReports));
    }

    /**
     * The page. Per-class sections follow {@code classOrder} (then any other class), then k, then seed; the
     * caller chooses which seeds to show by what it passes in {@code classReports}.
     */
    public static String render(RunInfo run, List<ResultRow> rows, List<String> classOrder,
                                List<ClassReport> classReports) {
        Html h = new Html();
        h.raw("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\"><head>")
                .raw("<meta charset=\"utf-8\"/><meta name=\"viewport\" content=\"width=device-width\"/>")
                .raw("<title>").text(run.title()).raw("</title><style>\n").raw(CSS).raw("</style></head>\n<body>\n");
        h.raw("<h1>").text(run.title()).raw("</h1>\n");
        List<ClassReport> details = new ArrayList<>(classReports);
        details.sort(Comparator.comparingInt((ClassReport c) -> classRank(c.className(), classOrder, classReports))
                .thenComparingInt(ClassReport::shots).thenComparingInt(ClassReport::seed));
        contents(h, details);
        settings(h, run.settings());
        h.raw("<section id=\"protocol\"><h2>Evaluation protocol</h2>\n");
        for (String paragraph : run.protocol().strip().split("\\n\\s*\\n")) {
            h.raw("<p>").text(paragraph.strip()).raw("</p>\n");
        }
        h.raw("</section>\n<section id=\"results\"><h2>Results</h2>\n");
        List<ResultTable> tables = ResultTables.build(rows, classOrder, run.methods());
        if (tables.isEmpty()) {
            h.raw("<p class=\"missing\">No results yet.</p>\n");
        }
        for (ResultTable t : tables) {
            resultTable(h, t);
        }
        h.raw("</section>\n<section id=\"classes\"><h2>Per-class detail</h2>\n");
        if (details.isEmpty()) {
            h.raw("<p class=\"missing\">No per-class outputs were recorded.</p>\n");
        }
        for (int i = 0; i < details.size(); i++) {
            classSection(h, details.get(i), "detail-" + i);
        }
        h.raw("</section>\n</body></html>\n");
        return h.toString();
    }

    private static int classRank(String cls, List<String> order, List<ClassReport> all) {
        int i = order.indexOf(cls);
        if (i >= 0) {
            return i;
        }
        for (int j = 0; j < all.size(); j++) {
            if (all.get(j).className().equals(cls)) {
                return order.size() + j;
            }
        }
        return Integer.MAX_VALUE;
    }

    private static void contents(Html h, List<ClassReport> details) {
        h.raw("<nav><ul><li><a href=\"#run\">Run</a></li><li><a href=\"#protocol\">Evaluation protocol</a></li>")
                .raw("<li><a href=\"#results\">Results</a></li>");
        for (int i = 0; i < details.size(); i++) {
            h.raw("<li><a href=\"#detail-" + i + "\">").text(heading(details.get(i))).raw("</a></li>");
        }
        h.raw("</ul></nav>\n");
    }

    private static void settings(Html h, Map<String, String> settings) {
        h.raw("<section id=\"run\"><h2>Run</h2>\n<table class=\"settings\">");
        for (Map.Entry<String, String> e : settings.entrySet()) {
            h.raw("<tr><td>").text(e.getKey()).raw("</td><td>").text(e.getValue()).raw("</td></tr>");
        }
        h.raw("</table></section>\n");
    }

    /** Two header rows (k, then the methods) and the better mean of each k marked, as the paper bolds it. */
    private static void resultTable(Html h, ResultTable t) {
        h.raw("<h3>").text(t.metric() + " — " + t.dataset()).raw("</h3>\n<table class=\"results\"><thead><tr>")
                .raw("<th rowspan=\"2\">Class</th>");
        for (int k : t.shots()) {
            h.raw("<th colspan=\"" + t.methods().size() + "\">").text(k == 0 ? "zero-shot" : k + "-shot")
                    .raw("</th>");
        }
        h.raw("</tr><tr>");
        for (int ignored : t.shots()) {
            for (String m : t.methods()) {
                h.raw("<th>").text(m).raw("</th>");
            }
        }
        h.raw("</tr></thead><tbody>\n");
        for (int r = 0; r < t.rows().size(); r++) {
            boolean mean = r == t.rows().size() - 1;
            h.raw(mean ? "<tr class=\"mean\">" : "<tr>").raw("<td class=\"label\">").text(t.rows().get(r).label())
                    .raw("</td>");
            for (int k = 0; k < t.shots().size(); k++) {
                double best = Double.NEGATIVE_INFINITY;
                int filled = 0;
                for (int m = 0; m < t.methods().size(); m++) {
                    ResultTable.Cell c = t.cell(r, k, m);
                    if (!c.isEmpty()) {
                        best = Math.max(best, c.mean());
                        filled++;
                    }
                }
                for (int m = 0; m < t.methods().size(); m++) {
                    ResultTable.Cell c = t.cell(r, k, m);
                    boolean isBest = filled > 1 && !c.isEmpty() && c.mean() == best;
                    h.raw(isBest ? "<td class=\"best\">" : "<td>").text(c.text()).raw("</td>");
                }
            }
            h.raw("</tr>\n");
        }
        h.raw("</tbody></table>\n<p class=\"note\">").text(t.footnote()).raw("</p>\n");
    }

    private static String heading(ClassReport c) {
        return c.className() + " — " + (c.shots() == 0 ? "zero-shot" : c.shots() + "-shot") + ", seed " + c.seed();
    }

    private static void classSection(Html h, ClassReport c, String id) {
        h.raw("<section class=\"class\" id=\"" + id + "\"><h3>").text(heading(c)).raw("</h3>\n");
        int anomalous = 0;
        for (int label : c.labels()) {
            anomalous += label;
        }
        int normal = c.labels().length - anomalous;
        h.raw("<div class=\"charts\">");
        if (normal > 0 && anomalous > 0) {
            h.raw(rocChart(c));
        } else {
            h.raw("<p class=\"missing\">").text("No ROC curve: the test set holds " + normal + " normal and "
                    + anomalous + " anomalous images; it needs both.").raw("</p>");
        }
        c.scores().forEach((method, scores) -> h.raw(histogram(method, scores, c.labels())));
        h.raw("</div>\n");
        if (!c.saliency().isEmpty()) {
            saliency(h, c.saliency());
        }
        h.raw("</section>\n");
    }

    private static String rocChart(ClassReport c) {
        List<SvgCharts.Series> series = new ArrayList<>();
        for (Map.Entry<String, double[]> e : c.scores().entrySet()) {
            String color = METHOD_COLORS.get(series.size() % METHOD_COLORS.size());
            series.add(rocSeries(e.getKey(), e.getValue(), c.labels(), color));
        }
        return SvgCharts.lineChart("ROC, " + c.className(), "false positive rate", "true positive rate", series,
                true);
    }

    private static SvgCharts.Series rocSeries(String method, double[] scores, int[] labels, String color) {
        RocCurve roc = BinaryMetrics.rocCurve(scores, labels);
        String label = String.format(Locale.ROOT, "%s (AUROC %.1f)", method,
                100 * BinaryMetrics.auroc(scores, labels));
        return new SvgCharts.Series(label, roc.fpr(), roc.tpr(), color);
    }

    /** Scores of normal vs anomalous images on common bins over the observed range ({@link HistogramBins}). */
    private static String histogram(String method, double[] scores, int[] labels) {
        List<Double> normal = new ArrayList<>();
        List<Double> anomalous = new ArrayList<>();
        for (int i = 0; i < scores.length; i++) {
            (labels[i] == 1 ? anomalous : normal).add(scores[i]);
        }
        HistogramBins bins = HistogramBins.auto(scores);
        return SvgCharts.histogram(method + " anomaly scores", "anomaly score", List.of(
                new SvgCharts.Sample("normal", toArray(normal), COLOR_NORMAL),
                new SvgCharts.Sample("anomalous", toArray(anomalous), COLOR_ANOMALOUS)), bins.bins(), bins.lo(),
                bins.hi());
    }

    /** Rows of image | heat-map overlay | ground truth, as Fig. 5, each with a caption. */
    private static void saliency(Html h, List<SaliencyExample> examples) {
        h.raw("<table class=\"saliency\"><tr><th>image</th><th>saliency (Eq. 17) overlay</th>")
                .raw("<th>ground truth</th></tr>\n");
        for (SaliencyExample e : examples) {
            BufferedImage thumb = Images.fit(e.image(), THUMBNAIL);
            int w = thumb.getWidth();
            int ht = thumb.getHeight();
            h.raw("<tr><td>").image(thumb, "image " + e.imageName()).raw("</td><td>")
                    .image(Heatmap.overlay(thumb, e.saliency(), OVERLAY_ALPHA), "saliency of " + e.imageName())
                    .raw("</td><td>");
            if (e.mask() != null) {
                h.image(Images.resize(e.mask(), w, ht), "mask of " + e.imageName());
            } else {
                h.raw("<div style=\"width:" + w + "px\">").text("no mask").raw("</div>");
            }
            String caption = String.format(Locale.ROOT, "%s · AS = %.3f", e.imageName(), e.score());
            if (e.pixelAuroc() != null) {
                caption += String.format(Locale.ROOT, " · pixel AUROC %.1f", 100 * e.pixelAuroc());
            }
            h.raw("</td></tr>\n<tr><td colspan=\"3\" class=\"caption\">").text(caption).raw("</td></tr>\n");
        }
        h.raw("</table>\n<p class=\"note\">Heat maps are scaled to each image's own saliency range (turbo:")
                .raw(" blue low, red high).</p>\n");
    }

    private static double[] toArray(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** Markup with escaping for text. */
    private static final class Html {
        private final StringBuilder sb = new StringBuilder(1 << 16);

        Html raw(String markup) {
            sb.append(markup);
            return this;
        }

        Html text(String s) {
            sb.append(SvgCharts.escape(s));
            return this;
        }

        Html image(BufferedImage img, String alt) {
            sb.append("<img src=\"").append(Images.pngDataUri(img)).append("\" width=\"").append(img.getWidth())
                    .append("\" height=\"").append(img.getHeight()).append("\" alt=\"")
                    .append(SvgCharts.escape(alt)).append("\"/>");
            return this;
        }

        @Override
        public String toString() {
            return sb.toString();
        }
    }
}
