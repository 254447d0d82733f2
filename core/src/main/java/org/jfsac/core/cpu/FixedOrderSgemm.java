package org.jfsac.core.cpu;

import java.util.Arrays;

/**
 * jfsac's own SGEMM, whose every output element is one fixed computation: k is cut into slices of {@link #KC}
 * from p = 0; each slice's products are summed by an fma chain from +0 (one rounding per step), the slice sums are
 * added in order from +0 (s = s + t), then C[i][j] = alpha·s, or alpha·s + beta·C[i][j]. Nothing else enters:
 * not m, not the other rows or columns, not the tiling, the thread count or the SIMD width. So a row of a batch
 * gets the same bits as that row alone, on any machine with IEEE fma, with or without the Vector API
 * ({@link VectorMicroKernel} and {@link ScalarMicroKernel} give the same bits). Summing by slices also bounds the
 * rounding error by about (KC + k/KC)·2^-24·Σ|a·b| instead of k·2^-24·Σ|a·b| for one chain over k.
 *
 * <p>Structure (Goto/BLIS style): op(A) is packed into {@code mr}-row panels and op(B) into {@code nr}-column
 * panels, k-major and zero-padded, so every tile, the edge ones included, runs the same micro-kernel and the
 * padding lanes are thrown away. op(A) is packed once per call; op(B) one column block (about {@link #NC_COLUMNS}
 * wide, their count a multiple of the threads) at a time by the worker that then runs all row blocks of
 * {@link #MC_PANELS} panels against it, so the packed block is read back from cache. Inside a block k runs in
 * slices of {@link #KC} (the B micro-panel stays in L1, the A block in L2), the slice sums parked in a per-thread
 * tile. Weights are packed on every call (bench/README.md, "Batch-independent GEMM", for its cost): a cache of
 * packed weights would have to know when a weight changes, which the backend contract does not say.
 */
final class FixedOrderSgemm implements Sgemm {
    static final int KC = 256, MC_PANELS = 12, NC_COLUMNS = 256;

    /** op(A) packed, of the calling thread (grown on demand; taken out while in use, so re-entry allocates). */
    private static final ThreadLocal<float[]> PACKED = new ThreadLocal<>();
    /** Each worker's block of parked sums and its packed column block of op(B), same rule. */
    private static final ThreadLocal<float[][]> SCRATCH = new ThreadLocal<>();

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
        long aLen = (long) mPanels * mr * k;
        if (aLen > Integer.MAX_VALUE - 16 || (long) NC_COLUMNS * k > Integer.MAX_VALUE - 16)
            throw new IllegalArgumentException("gemm " + m + "x" + n + "x" + k + ": too large to pack");
        float[] ap = PACKED.get();
        PACKED.set(null);
        if (ap == null || ap.length < aLen) ap = new float[(int) aLen];
        try {
            // element (i, p) of op(A) is a[aOff + i·rs + p·cs]; element (p, j) of op(B) is b[bOff + j·rs + p·cs]
            int aRs = transA ? 1 : lda, aCs = transA ? lda : 1, bRs = transB ? ldb : 1, bCs = transB ? 1 : ldb;
            float[] apk = ap;
            Parallel.forRange(mPanels, Math.max(1, (1 << 14) / Math.max(1, k * mr)), (lo, hi) -> {
                for (int q = lo; q < hi; q++) pack(a, aOff + q * mr * aRs, aRs, aCs, Math.min(mr, m - q * mr), mr, k, apk, q * mr * k);
            });
            // B is packed one column block at a time by the thread that uses it, so the packed block is read back
            // from cache, not memory. Column blocks: about NC_COLUMNS wide, their count a multiple of the threads;
            // when they are fewer than the threads, the row blocks are split into groups too (each packs its B).
            int threads = Parallel.threads(), mBlocks = (mPanels + MC_PANELS - 1) / MC_PANELS;
            int want = Math.max(1, (nPanels * nr + NC_COLUMNS - 1) / NC_COLUMNS);
            want = Math.min(nPanels, (want + threads - 1) / threads * threads);
            int ncPanels = (nPanels + want - 1) / want, nBlocks = (nPanels + ncPanels - 1) / ncPanels;
            int mGroups = Math.max(1, Math.min(mBlocks, (threads + nBlocks - 1) / nBlocks));
            Parallel.forRange(nBlocks * mGroups, 1, (lo, hi) -> {
                float[][] scratch = SCRATCH.get();
                SCRATCH.set(null);
                if (scratch == null) scratch = new float[2][0];
                if (scratch[0].length < MC_PANELS * mr * ncPanels * nr) scratch[0] = new float[MC_PANELS * mr * ncPanels * nr];
                if (scratch[1].length < ncPanels * nr * k) scratch[1] = new float[ncPanels * nr * k];
                float[] tile = scratch[0], bp = scratch[1];
                for (int q = lo; q < hi; q++) {
                    int j0 = (q / mGroups) * ncPanels, jp = Math.min(ncPanels, nPanels - j0), g = q % mGroups;
                    for (int jj = 0; jj < jp; jj++) {
                        int j = (j0 + jj) * nr;
                        pack(b, bOff + j * bRs, bRs, bCs, Math.min(nr, n - j), nr, k, bp, jj * nr * k);
                    }
                    for (int mb = g * mBlocks / mGroups, end = (g + 1) * mBlocks / mGroups; mb < end; mb++) {
                        int i0 = mb * MC_PANELS;
                        block(m, n, k, alpha, beta, c, cOff, ldc, apk, bp, i0, Math.min(MC_PANELS, mPanels - i0), j0, jp, tile);
                    }
                }
                SCRATCH.set(scratch);
            });
        } finally {
            PACKED.set(ap);
        }
    }

    /** Row panels [i0, i0+ip) × column panels [j0, j0+jp) (bp holds the latter from 0): sums over k in KC slices, then C written once. */
    private void block(int m, int n, int k, float alpha, float beta, float[] c, int cOff, int ldc, float[] ap, float[] bp,
                       int i0, int ip, int j0, int jp, float[] tile) {
        int mr = kernel.mr(), nr = kernel.nr(), t = mr * nr;
        Arrays.fill(tile, 0, ip * jp * t, 0f);
        for (int pc = 0; pc < k; pc += KC) {
            int kc = Math.min(KC, k - pc);
            for (int jj = 0; jj < jp; jj++) {
                int bo = jj * nr * k + pc * nr;
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
