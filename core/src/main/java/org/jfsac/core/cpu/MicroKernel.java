package org.jfsac.core.cpu;

/**
 * The innermost loop of {@link FixedOrderSgemm}: an {@link #mr()}×{@link #nr()} tile of sums, each updated by one
 * slice of k from packed panels. Every implementation computes each tile element the same way: the chain
 * {@code t = fma(a[p], b[p], t)} from t = +0 over the slice in order (one IEEE rounding per step), then
 * {@code acc = acc + t}; so the tile shape and the SIMD width change how fast a result comes, never its bits.
 */
interface MicroKernel {
    /** Rows of the tile (the width of a packed A panel). */
    int mr();

    /** Columns of the tile (the width of a packed B panel). */
    int nr();

    /**
     * acc[accOff + r·nr + c] += (fma chain of a[aOff + p·mr + r] · b[bOff + p·nr + c] over p in [0, kc), from +0).
     */
    void run(float[] a, int aOff, float[] b, int bOff, int kc, float[] acc, int accOff);

    /** For the backend's describe line. */
    String describe();
}
