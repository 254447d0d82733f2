package org.jfsac.core.tensor;

/**
 * Per-thread switch for graph recording. {@code try (var g = GradMode.noGrad()) { ... }} runs inference
 * without building a graph, so intermediate activations are dropped as soon as they are used.
 */
public final class GradMode implements AutoCloseable {
    private static final ThreadLocal<Boolean> ENABLED = ThreadLocal.withInitial(() -> Boolean.TRUE);
    private static volatile boolean detectAnomaly = Boolean.getBoolean("jfsac.detectAnomaly");

    private final boolean previous;

    private GradMode(boolean enabled) {
        previous = ENABLED.get();
        ENABLED.set(enabled);
    }

    /** Stops graph recording on this thread until the returned scope is closed. */
    public static GradMode noGrad() { return new GradMode(false); }

    /** Turns graph recording back on on this thread (e.g. inside a {@link #noGrad()} scope) until the returned scope is closed. */
    public static GradMode enableGrad() { return new GradMode(true); }

    /** Whether operations on this thread record a graph for backward(). */
    public static boolean isEnabled() { return ENABLED.get(); }

    /**
     * Debug mode (also {@code -Djfsac.detectAnomaly=true}): every op checks its output for NaN/Inf and
     * names itself, and backward refuses a non-finite loss. Costs a device-to-host copy per op.
     */
    public static void setDetectAnomaly(boolean on) { detectAnomaly = on; }

    /** Whether anomaly detection is on (see {@link #setDetectAnomaly}). */
    public static boolean detectAnomaly() { return detectAnomaly; }

    @Override public void close() { ENABLED.set(previous); }
}
