package org.jfsac.fsac.metrics;

import java.util.Locale;
import org.apache.commons.math3.stat.descriptive.SummaryStatistics;

/**
 * Mean, sample standard deviation (n − 1 in the denominator) and standard error of the mean (std / √n) of
 * repeated runs, e.g. a metric over the 5 k-shot seeds the paper reports. With a single value the deviation and
 * error are undefined and are NaN (numpy's {@code std(ddof=1)} agrees), not a misleading 0.
 */
public record MeanStdErr(int n, double mean, double standardDeviation, double standardError) {

    public static MeanStdErr of(double... values) {
        if (values == null || values.length == 0) {
            throw new IllegalArgumentException("no values to summarise");
        }
        SummaryStatistics stats = new SummaryStatistics();
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new IllegalArgumentException("value at index " + i + " is " + values[i] + "; must be finite");
            }
            stats.addValue(values[i]);
        }
        int n = values.length;
        double std = n > 1 ? stats.getStandardDeviation() : Double.NaN;
        return new MeanStdErr(n, stats.getMean(), std, std / Math.sqrt(n));
    }

    /** "mean ± stderr" with the given number of decimals, e.g. {@code 94.03 ± 0.41}. */
    public String format(int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f ± %." + decimals + "f", mean, standardError);
    }
}
