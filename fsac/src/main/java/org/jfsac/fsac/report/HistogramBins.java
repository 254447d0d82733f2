package org.jfsac.fsac.report;

import java.util.Arrays;

/**
 * Histogram bins over the observed range of the values, by numpy's {@code histogram_bin_edges(bins="auto")}: the
 * smaller bin width of the Freedman–Diaconis and Sturges rules (Sturges alone when the interquartile range is 0),
 * over [min, max], or [v − 0.5, v + 0.5] when every value is v. Clustered scores thus get an axis that fits them
 * instead of one bar on [0, 1]. The count is capped at {@link #MAX_BINS} (a 300-pixel chart shows no more).
 *
 * @param bins equal-width bins over [lo, hi]
 */
public record HistogramBins(int bins, double lo, double hi) {

    /** More bins than this are narrower than two pixels in a report chart. */
    public static final int MAX_BINS = 100;

    /** numpy's "auto" bins of the values (at least one finite value). */
    public static HistogramBins auto(double[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("no values to histogram");
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        double lo = sorted[0];
        double hi = sorted[sorted.length - 1];
        if (!Double.isFinite(lo) || !Double.isFinite(hi)) {
            throw new IllegalArgumentException("histogram values must be finite; got range [" + lo + ", " + hi + "]");
        }
        if (lo == hi) {
            return new HistogramBins(1, lo - 0.5, hi + 0.5);
        }
        int n = sorted.length;
        double sturges = (hi - lo) / (log2(n) + 1.0);
        double fd = 2.0 * (percentile(sorted, 0.75) - percentile(sorted, 0.25)) * Math.pow(n, -1.0 / 3.0);
        double width = fd > 0 ? Math.min(fd, sturges) : sturges;
        int bins = (int) Math.min(MAX_BINS, Math.ceil((hi - lo) / width));
        return new HistogramBins(Math.max(1, bins), lo, hi);
    }

    /** log2 exact on powers of two, as numpy's. */
    private static double log2(int n) {
        return Integer.bitCount(n) == 1 ? Integer.numberOfTrailingZeros(n) : Math.log(n) / Math.log(2);
    }

    /** numpy's default ("linear") percentile of sorted values, with its lerp that is exact at both ends. */
    private static double percentile(double[] sorted, double q) {
        double index = q * (sorted.length - 1);
        int below = (int) Math.floor(index);
        int above = Math.min(below + 1, sorted.length - 1);
        double t = index - below;
        double a = sorted[below];
        double b = sorted[above];
        double diff = b - a;
        return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
    }
}
