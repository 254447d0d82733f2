package org.jfsac.bench.cuda;

import java.util.Arrays;
import org.jfsac.core.backend.Backend;

/** Wall-clock timing of queued GPU work: synchronise, run, synchronise. */
final class Timer {
    private Timer() {}

    /** Median seconds of one call over {@code runs} timed calls, after {@code warmup} untimed ones. */
    static double median(Backend backend, int warmup, int runs, Runnable work) {
        for (int i = 0; i < warmup; i++) work.run();
        backend.synchronize();
        double[] t = new double[runs];
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            work.run();
            backend.synchronize();
            t[i] = (System.nanoTime() - t0) / 1e9;
        }
        Arrays.sort(t);
        return t[runs / 2];
    }

    /** Mean seconds of one call when {@code reps} calls are queued back to back (throughput, not latency). */
    static double mean(Backend backend, int warmup, int reps, Runnable work) {
        for (int i = 0; i < warmup; i++) work.run();
        backend.synchronize();
        long t0 = System.nanoTime();
        for (int i = 0; i < reps; i++) work.run();
        backend.synchronize();
        return (System.nanoTime() - t0) / 1e9 / reps;
    }
}
