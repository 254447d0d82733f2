package org.jfsac.bench;

import java.util.Arrays;

/** The median that every harness here reports (rounds alternate, and the median resists the odd disturbed round). */
public final class Medians {
    private Medians() {}

    /** The middle value, or the mean of the two middle values for an even count; NaN for none. */
    public static double of(double[] values) {
        if (values.length == 0) return Double.NaN;
        double[] s = values.clone();
        Arrays.sort(s);
        int h = s.length / 2;
        return s.length % 2 == 1 ? s[h] : (s[h - 1] + s[h]) / 2;
    }
}
