package org.jfsac.core.cpu;

/**
 * The innermost loop of {@link FixedOrderSgemm}: an {@link #mr()}×{@link #nr()} tile of sums updated over kc
 * steps of k from packed panels. Every implementation computes each tile element as the same chain,
 * {@code acc = fma(a[p], b[p], acc)} for p in order with one IEEE rounding per step, so the tile shape and
 * the SIMD width change how fast a result comes, never its bits.
 */
interface MicroKernel {
    /** Rows of the tile (the width of a packed A panel). */
    int mr();

    /** Columns of the tile (the width of a packed B panel). */
    int nr();

    /**
     * acc[accOff + r·nr + c] = fma chain of a[aOff + p·mr + r] · b[bOff + p·nr + c] over p in [0, kc), starting from
     * the value in acc.
     */
    void run(float[] a, int aOff, float[] b, int bOff, int kc, float[] acc, int accOff);

    /** For the backend's describe line. */
    String describe();
}
