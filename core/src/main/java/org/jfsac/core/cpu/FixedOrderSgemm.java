package org.jfsac.core.cpu;

import java.util.Arrays;

/**
 * jfsac's own SGEMM, whose every output element is one fixed computation: s = fma chain of A[i][p]·B[p][j]
 * over p = 0, 1, …, k−1 from +0 (one rounding per step), then C[i][j] = alpha·s, or alpha·s + beta·C[i][j].
 * Nothing else enters: not m, not the other rows or columns, not the tiling, the cache blocks (a partial sum
 * parked between k-blocks is a float, so parking it is exact), the thread count or the SIMD width. So a row
 * of a batch gets the same bits as that row alone, on any machine with IEEE fma, with or without the Vector
 * API ({@link VectorMicroKernel} and {@link ScalarMicroKernel} give the same bits).
 *
 * <p>Structure (Goto/BLIS style): op(A) is packed into {@code mr}-row panels and op(B) into {@code nr}-column
 * panels, k-major and zero-padded, so every tile, the edge ones included, runs the same micro-kernel and the
 * padding lanes are thrown away. The output is cut into blocks of {@link #MC_PANELS} row panels × about
 * {@link #NC_COLUMNS} columns, spread over {@link Parallel}; inside a block, k runs in slices of {@link #KC}
 * (the B micro-panel of a slice stays in L1, the A block in L2) with the sums parked in a per-thread tile.
 * Operands are packed on every call: measured at ~1 % of the ViT projections (bench/README.md), so a cache of
 * packed weights, which would need invalidation for weights that train, is not worth it.
 */
final class FixedOrderSgemm implements Sgemm {
    static final int KC = 256, MC_PANELS = 12, NC_COLUMNS = 256;

    /** The packed operands of the calling thread (grown on demand; taken out while in use, so re-entry allocates). */
    private static final ThreadLocal<float[][]> PACKED = new ThreadLocal<>();
    /** Each worker's block of parked sums. */
    private static final ThreadLocal<float[]> TILE = new ThreadLocal<>();

    private final MicroKernel kernel;

    FixedOrderSgemm(MicroKernel kernel) { this.kernel = kernel; }

    /** The Vector API kernel when the module is there, else the scalar one (the same bits, slower). */
    static FixedOrderSgemm forThisJvm() {
        return new FixedOrderSgemm(VectorSupport.AVAILABLE ? new VectorMicroKernel() : new ScalarMicroKernel());
    }

    @Override public boolean isNative() { return false; }

    @Override public String describe() {
        return "jfsac fixed-order GEMM (" + kernel.describe() + "; batch-independent bits)";
    }

    /** Column-major C = op(A) op(B) is row-major Cᵀ = op(B)ᵀ op(A)ᵀ: the row-major kernel with the operands swapped. */
    @Override public void sgemm(String transA, String transB, int m, int n, int k, float alpha, float[] a, int aOff, int lda,
                                float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
        rowMajor(transB.equals("T"), transA.equals("T"), n, m, k, alpha, b, bOff, ldb, a, aOff, lda, beta, c, cOff, ldc);
    }

    /** Row-major C[m×n] = alpha·op(A)·op(B) + beta·C; beta = 0 never reads C. */
    void rowMajor(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, int aOff, int lda,
                  float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
        if (m <= 0 || n <= 0) return;
        int mr = kernel.mr(), nr = kernel.nr();
        int mPanels = (m + mr - 1) / mr, nPanels = (n + nr - 1) / nr;
        long aLen = (long) mPanels * mr * k, bLen = (long) nPanels * nr * k;
        if (aLen + bLen > Integer.MAX_VALUE - 16) throw new IllegalArgumentException("gemm " + m + "x" + n + "x" + k + ": too large to pack");
        float[][] packed = PACKED.get();
        PACKED.set(null);
        if (packed == null) packed = new float[2][0];
        if (packed[0].length < aLen) packed[0] = new float[(int) aLen];
        if (packed[1].length < bLen) packed[1] = new float[(int) bLen];
        float[] ap = packed[0], bp = packed[1];
        try {
            // element (i, p) of op(A) is a[aOff + i·rs + p·cs]; element (p, j) of op(B) is b[bOff + j·rs + p·cs]
            int aRs = transA ? 1 : lda, aCs = transA ? lda : 1, bRs = transB ? ldb : 1, bCs = transB ? 1 : ldb;
            Parallel.forRange(mPanels + nPanels, Math.max(1, (1 << 14) / Math.max(1, k * mr)), (lo, hi) -> {
                for (int q = lo; q < hi; q++) {
                    if (q < mPanels) pack(a, aOff + q * mr * aRs, aRs, aCs, Math.min(mr, m - q * mr), mr, k, ap, q * mr * k);
                    else {
                        int jp = q - mPanels;
                        pack(b, bOff + jp * nr * bRs, bRs, bCs, Math.min(nr, n - jp * nr), nr, k, bp, jp * nr * k);
                    }
                }
            });
            int ncPanels = Math.max(1, NC_COLUMNS / nr);
            int mBlocks = (mPanels + MC_PANELS - 1) / MC_PANELS, nBlocks = (nPanels + ncPanels - 1) / ncPanels;
            Parallel.forRange(mBlocks * nBlocks, 1, (lo, hi) -> {
                float[] tile = TILE.get();
                TILE.set(null);
                if (tile == null || tile.length < MC_PANELS * mr * ncPanels * nr) tile = new float[MC_PANELS * mr * ncPanels * nr];
                for (int q = lo; q < hi; q++) {
                    // consecutive blocks share B columns (a thread's range covers few column blocks)
                    int i0 = (q % mBlocks) * MC_PANELS, j0 = (q / mBlocks) * ncPanels;
                    block(m, n, k, alpha, beta, c, cOff, ldc, ap, bp, i0, Math.min(MC_PANELS, mPanels - i0),
                            j0, Math.min(ncPanels, nPanels - j0), tile);
                }
                TILE.set(tile);
            });
        } finally {
            PACKED.set(packed);
        }
    }

    /** Row panels [i0, i0+ip) × column panels [j0, j0+jp): sums over k in KC slices, then C written once. */
    private void block(int m, int n, int k, float alpha, float beta, float[] c, int cOff, int ldc, float[] ap, float[] bp,
                       int i0, int ip, int j0, int jp, float[] tile) {
        int mr = kernel.mr(), nr = kernel.nr(), t = mr * nr;
        Arrays.fill(tile, 0, ip * jp * t, 0f);
        for (int pc = 0; pc < k; pc += KC) {
            int kc = Math.min(KC, k - pc);
            for (int jj = 0; jj < jp; jj++) {
                int bo = (j0 + jj) * nr * k + pc * nr;
                for (int ii = 0; ii < ip; ii++)
                    kernel.run(ap, (i0 + ii) * mr * k + pc * mr, bp, bo, kc, tile, (jj * ip + ii) * t);
            }
        }
        for (int ii = 0; ii < ip; ii++) {
            for (int r = 0; r < mr; r++) {
                int i = (i0 + ii) * mr + r;
                if (i >= m) break;
                int row = cOff + i * ldc;
                for (int jj = 0; jj < jp; jj++) {
                    int j = (j0 + jj) * nr, cols = Math.min(nr, n - j), s = (jj * ip + ii) * t + r * nr;
                    for (int q = 0; q < cols; q++) {
                        float v = alpha * tile[s + q];
                        c[row + j + q] = beta == 0f ? v : v + beta * c[row + j + q];
                    }
                }
            }
        }
    }

    /**
     * dst[dOff + p·width + r] = src[off + r·rs + p·cs] for r < valid, 0 for the padding r in [valid, width).
     * Written in order (p outer): the reads are {@code valid} sequential streams when cs = 1.
     */
    static void pack(float[] src, int off, int rs, int cs, int valid, int width, int k, float[] dst, int dOff) {
        for (int p = 0; p < k; p++) {
            int d = dOff + p * width, s = off + p * cs;
            if (rs == 1) System.arraycopy(src, s, dst, d, valid);
            else for (int r = 0; r < valid; r++) dst[d + r] = src[s + r * rs];
            if (valid < width) Arrays.fill(dst, d + valid, d + width, 0f);
        }
    }
}
