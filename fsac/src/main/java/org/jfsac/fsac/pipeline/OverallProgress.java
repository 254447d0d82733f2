package org.jfsac.fsac.pipeline;

import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Progress of a whole run over classes × shots × seeds, with an estimate of the time left. Combinations already
 * finished by an earlier run (resumed) count as done but not into the rate: the estimate is the mean wall time of
 * the combinations computed in this process (class set-up such as test-set encoding included) times the ones left.
 */
public final class OverallProgress {
    private final long total;
    private final LongSupplier nanoClock;
    private final long start;
    private long done;
    private long computed;

    /** @param nanoClock a monotonic clock in nanoseconds ({@code System::nanoTime}; tests pass a fake one) */
    public OverallProgress(long total, LongSupplier nanoClock) {
        this.total = total;
        this.nanoClock = nanoClock;
        this.start = nanoClock.getAsLong();
    }

    /** One combination finished; {@code computed} false when it was resumed from an earlier run or skipped. */
    public void finished(boolean computed) {
        done++;
        if (computed) this.computed++;
    }

    /** Seconds left, or -1 while nothing has been computed to estimate from. */
    public double secondsLeft() {
        if (computed == 0) return done >= total ? 0 : -1;
        return elapsedSeconds() / computed * (total - done);
    }

    double elapsedSeconds() {
        return (nanoClock.getAsLong() - start) / 1e9;
    }

    /** e.g. "overall: 3/12 combinations (25%), 0:42 elapsed, about 2:06 left". */
    public String line() {
        double left = secondsLeft();
        return String.format(Locale.ROOT, "overall: %d/%d combinations (%d%%), %s elapsed, %s", done, total,
                total == 0 ? 100 : 100 * done / total, clock(elapsedSeconds()),
                left < 0 ? "time left unknown yet" : "about " + clock(left) + " left");
    }

    static String clock(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
