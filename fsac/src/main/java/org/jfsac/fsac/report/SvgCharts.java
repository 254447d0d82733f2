package org.jfsac.fsac.report;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Small standalone SVG charts (well-formed XML, inline-able in HTML): a line chart on the unit square for ROC
 * curves, and overlaid histograms for score distributions. All text is escaped.
 */
public final class SvgCharts {

    private static final Pattern HEX_COLOR = Pattern.compile("#[0-9a-fA-F]{6}");

    /** A polyline through (x[i], y[i]) in a {@code #rrggbb} colour. */
    public record Series(String label, double[] x, double[] y, String color) {
        public Series {
            Objects.requireNonNull(label, "label");
            requireColor(color);
            if (x.length != y.length || x.length == 0) {
                throw new IllegalArgumentException("series " + label + ": " + x.length + " x and " + y.length
                        + " y values; need equal, non-zero counts");
            }
        }
    }

    /** Values to histogram in a {@code #rrggbb} colour. */
    public record Sample(String label, double[] values, String color) {
        public Sample {
            Objects.requireNonNull(label, "label");
            Objects.requireNonNull(values, "values");
            requireColor(color);
        }
    }

    private SvgCharts() {
    }

    /**
     * Lines on [0, 1]², e.g. ROC curves ({@code diagonal} adds the chance line). Points are clamped to the square.
     */
    public static String lineChart(String title, String xLabel, String yLabel, List<Series> series,
                                   boolean diagonal) {
        Canvas c = new Canvas(title, xLabel, yLabel, series.size(), 0, 1, 0, 1);
        c.axes(0.2, 0.2);
        if (diagonal) {
            c.svg.append(String.format(Locale.ROOT, "<line x1=\"%.2f\" y1=\"%.2f\" x2=\"%.2f\" y2=\"%.2f\""
                    + " stroke=\"#999999\" stroke-dasharray=\"4 3\"/>", c.px(0), c.py(0), c.px(1), c.py(1)));
        }
        for (Series s : series) {
            StringBuilder pts = new StringBuilder();
            for (int i = 0; i < s.x().length; i++) {
                pts.append(String.format(Locale.ROOT, "%s%.2f,%.2f", i == 0 ? "" : " ",
                        c.px(clamp01(s.x()[i])), c.py(clamp01(s.y()[i]))));
            }
            c.svg.append("<polyline fill=\"none\" stroke-width=\"2\" stroke=\"").append(s.color())
                    .append("\" points=\"").append(pts).append("\"/>");
        }
        for (Series s : series) {
            c.legendEntry(s.label(), s.color());
        }
        return c.close();
    }

    /**
     * Overlaid semi-transparent histograms over [lo, hi] in {@code bins} equal bins, each scaled to the fraction of
     * its own sample (so that groups of different sizes compare). Every value must lie in [lo, hi].
     */
    public static String histogram(String title, String xLabel, List<Sample> samples, int bins, double lo,
                                   double hi) {
        double[][] fractions = new double[samples.size()][];
        double top = 0;
        for (int s = 0; s < samples.size(); s++) {
            int[] counts = binCounts(samples.get(s).values(), bins, lo, hi);
            int n = samples.get(s).values().length;
            fractions[s] = new double[bins];
            for (int b = 0; b < bins; b++) {
                fractions[s][b] = n == 0 ? 0 : counts[b] / (double) n;
                top = Math.max(top, fractions[s][b]);
            }
        }
        double yStep = niceStep(top > 0 ? top : 1);
        double yMax = Math.max(yStep, Math.ceil(top / yStep - 1e-9) * yStep);
        Canvas c = new Canvas(title, xLabel, "fraction of images", samples.size(), lo, hi, 0, yMax);
        c.axes(niceStep(hi - lo), yStep);
        double width = (hi - lo) / bins;
        for (int s = 0; s < samples.size(); s++) {
            String color = samples.get(s).color();
            for (int b = 0; b < bins; b++) {
                if (fractions[s][b] == 0) {
                    continue;
                }
                double left = c.px(lo + b * width);
                double yTop = c.py(fractions[s][b]);
                c.svg.append(String.format(Locale.ROOT, "<rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\""
                                + " height=\"%.2f\" fill=\"%s\" fill-opacity=\"0.45\" stroke=\"%s\""
                                + " stroke-width=\"0.6\"/>",
                        left, yTop, c.px(lo + (b + 1) * width) - left, c.py(0) - yTop, color, color));
            }
        }
        for (Sample s : samples) {
            c.legendEntry(s.label() + " (n=" + s.values().length + ")", s.color());
        }
        return c.close();
    }

    /**
     * Counts per bin exactly as numpy's {@code histogram(values, bins, (lo, hi))}: equal half-open bins, the last
     * one closed so that {@code hi} counts, and a value on an edge goes by the edge numpy's {@code linspace}
     * computes (so 0.3 falls in bin 5 of 20 over [0, 1], the edge being 0.30000000000000004).
     */
    static int[] binCounts(double[] values, int bins, double lo, double hi) {
        if (bins < 1) {
            throw new IllegalArgumentException("bins is " + bins + "; need at least 1");
        }
        if (!(Double.isFinite(lo) && Double.isFinite(hi) && lo < hi)) {
            throw new IllegalArgumentException("histogram range [" + lo + ", " + hi + "] must be finite, lo < hi");
        }
        int[] counts = new int[bins];
        for (int i = 0; i < values.length; i++) {
            double v = values[i];
            if (!(v >= lo && v <= hi)) {
                throw new IllegalArgumentException("value at index " + i + " is " + v
                        + ", outside the histogram range [" + lo + ", " + hi + "]");
            }
            int b = Math.min(bins - 1, (int) ((v - lo) * (bins / (hi - lo))));
            if (v < edge(b, bins, lo, hi)) {
                b--;
            } else if (b < bins - 1 && v >= edge(b + 1, bins, lo, hi)) {
                b++;
            }
            counts[b]++;
        }
        return counts;
    }

    /** numpy.linspace(lo, hi, bins + 1)[i]. */
    private static double edge(int i, int bins, double lo, double hi) {
        return i == bins ? hi : i * ((hi - lo) / bins) + lo;
    }

    /** Text for XML character data and attribute values. */
    public static String escape(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> {
                    // Control characters other than tab and line breaks are not allowed in XML 1.0 at all.
                    sb.append(c < 0x20 && c != '\t' && c != '\n' && c != '\r' ? '\uFFFD' : c);
                }
            }
        }
        return sb.toString();
    }

    /** 1, 2 or 5 times a power of ten, giving about five intervals over {@code span}. */
    static double niceStep(double span) {
        double raw = span / 5;
        double pow = Math.pow(10, Math.floor(Math.log10(raw)));
        double m = raw / pow;
        return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * pow;
    }

    private static double clamp01(double v) {
        return Math.min(1, Math.max(0, v));
    }

    private static void requireColor(String color) {
        if (color == null || !HEX_COLOR.matcher(color).matches()) {
            throw new IllegalArgumentException("colour " + color + " is not of the form #rrggbb");
        }
    }

    /** One chart: the title, a legend row per entry, then the plot area over [x0, x1] × [y0, y1]. */
    private static final class Canvas {
        static final int WIDTH = 360; // three charts side by side in a 1200 px page
        static final int LEFT = 52;
        static final int RIGHT = 14;
        static final int PLOT_H = 240;
        static final int BOTTOM = 44; // tick labels and the axis label
        static final int LEGEND_ROW = 15;

        final StringBuilder svg = new StringBuilder();
        final double x0;
        final double x1;
        final double y0;
        final double y1;
        final int top;
        final int height;
        final double plotW = WIDTH - LEFT - RIGHT;
        int legendRows;

        Canvas(String title, String xLabel, String yLabel, int legendEntries, double x0, double x1, double y0,
               double y1) {
            this.x0 = x0;
            this.x1 = x1;
            this.y0 = y0;
            this.y1 = y1;
            this.top = 26 + LEGEND_ROW * legendEntries + 4;
            this.height = top + PLOT_H + BOTTOM;
            svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\""
                    + " width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"%s\""
                    + " font-family=\"sans-serif\" font-size=\"11\">", WIDTH, height, WIDTH, height, escape(title)));
            svg.append("<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>");
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"17\" text-anchor=\"middle\" font-size=\"13\""
                    + " font-weight=\"bold\">%s</text>", WIDTH / 2, escape(title)));
            svg.append(String.format(Locale.ROOT, "<text x=\"%.2f\" y=\"%d\" text-anchor=\"middle\">%s</text>",
                    LEFT + plotW / 2, height - 8, escape(xLabel)));
            svg.append(String.format(Locale.ROOT, "<text transform=\"translate(14 %.2f) rotate(-90)\""
                    + " text-anchor=\"middle\">%s</text>", top + PLOT_H / 2.0, escape(yLabel)));
        }

        double px(double v) {
            return LEFT + (v - x0) / (x1 - x0) * plotW;
        }

        double py(double v) {
            return top + PLOT_H - (v - y0) / (y1 - y0) * PLOT_H;
        }

        /** Grid lines, tick labels and the frame. */
        void axes(double xStep, double yStep) {
            for (double t : ticks(x0, x1, xStep)) {
                double x = px(t);
                svg.append(String.format(Locale.ROOT, "<line x1=\"%.2f\" y1=\"%d\" x2=\"%.2f\" y2=\"%d\""
                        + " stroke=\"#e6e6e6\"/>", x, top, x, top + PLOT_H));
                svg.append(String.format(Locale.ROOT, "<text x=\"%.2f\" y=\"%d\" text-anchor=\"middle\">%s</text>",
                        x, top + PLOT_H + 14, label(t, xStep)));
            }
            for (double t : ticks(y0, y1, yStep)) {
                double y = py(t);
                svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.2f\" x2=\"%.2f\" y2=\"%.2f\""
                        + " stroke=\"#e6e6e6\"/>", LEFT, y, LEFT + plotW, y));
                svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.2f\" text-anchor=\"end\">%s</text>",
                        LEFT - 5, y + 4, label(t, yStep)));
            }
            svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%.2f\" height=\"%d\""
                    + " fill=\"none\" stroke=\"#444444\"/>", LEFT, top, plotW, PLOT_H));
        }

        void legendEntry(String text, String color) {
            int y = 26 + LEGEND_ROW * legendRows++;
            svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"10\" fill=\"%s\""
                    + " fill-opacity=\"0.7\"/>", LEFT, y, color));
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">%s</text>", LEFT + 17, y + 9,
                    escape(text)));
        }

        String close() {
            return svg.append("</svg>").toString();
        }

        /** The multiples of {@code step} in [lo, hi]. */
        private static double[] ticks(double lo, double hi, double step) {
            long first = (long) Math.ceil(lo / step - 1e-9);
            long last = (long) Math.floor(hi / step + 1e-9);
            double[] t = new double[(int) Math.max(0, last - first + 1)];
            for (int i = 0; i < t.length; i++) {
                t[i] = (first + i) * step;
            }
            return t;
        }

        private static String label(double v, double step) {
            int decimals = Math.max(0, (int) Math.ceil(-Math.log10(step) - 1e-9));
            return String.format(Locale.ROOT, "%." + decimals + "f", v);
        }
    }
}
