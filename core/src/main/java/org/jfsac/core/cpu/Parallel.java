package org.jfsac.core.cpu;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.RecursiveAction;
import java.util.concurrent.atomic.AtomicInteger;

/** One shared fork-join pool sized to the machine; ops split large loops over it, small ones run inline. */
public final class Parallel {
    private static final int THREADS = Integer.getInteger("jfsac.threads", Runtime.getRuntime().availableProcessors());
    /** Worker names for thread dumps and profilers (the pool index is not assigned yet inside the factory). */
    private static final AtomicInteger NAMED = new AtomicInteger();
    private static final ForkJoinPool POOL = new ForkJoinPool(THREADS, pool -> {
        var t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
        t.setName("jfsac-cpu-" + NAMED.getAndIncrement());
        t.setDaemon(true);
        return t;
    }, null, false);

    private Parallel() {}

    public static int threads() { return THREADS; }

    public interface Range { void run(int lo, int hi); }

    /**
     * Runs body over [0, n) in chunks of at least {@code grain} items (grain ~ items worth ~10 µs of work),
     * so that tiny ops do not pay for task hand-off.
     */
    public static void forRange(int n, int grain, Range body) {
        if (n <= 0) return;
        int chunks = Math.min(THREADS * 4, Math.max(1, n / Math.max(1, grain)));
        if (chunks <= 1 || THREADS == 1) {
            body.run(0, n);
            return;
        }
        List<ForkJoinTask<?>> tasks = new ArrayList<>(chunks);
        for (int c = 0; c < chunks; c++) {
            int lo = (int) ((long) n * c / chunks), hi = (int) ((long) n * (c + 1) / chunks);
            tasks.add(new RecursiveAction() {
                @Override protected void compute() { body.run(lo, hi); }
            });
        }
        if (ForkJoinTask.inForkJoinPool() && ForkJoinTask.getPool() == POOL) {
            ForkJoinTask.invokeAll(tasks);
        } else {
            POOL.invoke(new RecursiveAction() {
                @Override protected void compute() { invokeAll(tasks); }
            });
        }
    }
}
