package org.jfsac.core.backend.conformance;

import org.jfsac.core.backend.Buffer;

import java.util.Arrays;

/**
 * Strided batched GEMM: every transpose combination, sizes across tile boundaries and the ViT shapes, k = 0,
 * padded leading dimensions, offsets, batches with a shared (stride 0) operand and gaps between entries,
 * alpha/beta, and beta = 0 over NaN. The whole C buffer is compared: padding must keep its value.
 */
public final class GemmConformance extends BackendConformance {
    /** m, n, k. */
    private static final int[][] SIZES = {{1, 1, 1}, {3, 5, 7}, {1, 257, 3}, {197, 226, 64}, {65, 63, 129}, {77, 77, 64}, {4, 9, 0},
        {17, 33, 65}, {45, 130, 129}};

    private void check(boolean ta, boolean tb, int m, int n, int k, float alpha, float beta, int batch, boolean sharedA, String what) {
        int aRows = ta ? k : m, aCols = ta ? m : k, bRows = tb ? n : k, bCols = tb ? k : n;
        int lda = aCols + 3, ldb = bCols + 1, ldc = n + 2;
        int strideA = sharedA ? 0 : aRows * lda + 7, strideB = bRows * ldb + 11, strideC = m * ldc + 5;
        float[] a = uniform(5 + Math.max(1, batch * Math.max(strideA, aRows * lda)), -1, 1);
        float[] b = uniform(2 + batch * strideB, -1, 1);
        float[] c = uniform(1 + batch * strideC, -1, 1);
        if (beta == 0f) Arrays.fill(c, Float.NaN); // C must not be read
        Buffer dc = upload(c);
        backend().gemm(ta, tb, m, n, k, alpha, upload(a), 5, lda, strideA, upload(b), 2, ldb, strideB, beta, dc, 1, ldc, strideC, batch);
        double[] ref = Reference.gemm(ta, tb, m, n, k, alpha, a, 5, lda, strideA, b, 2, ldb, strideB, beta, c, 1, ldc, strideC, batch);
        Tolerance.ACCUMULATED.check(on("gemm " + (ta ? "T" : "N") + (tb ? "T" : "N") + " " + m + "x" + n + "x" + k + " " + what),
                read(dc), ref);
    }

    @Check
    void everyTransposeCombinationAndSize() {
        for (int[] s : SIZES) {
            for (int t = 0; t < 4; t++) {
                float alpha = 0.5f + rng.nextFloat(), beta = rng.nextBoolean() ? 0f : -1.5f;
                check((t & 1) != 0, (t & 2) != 0, s[0], s[1], s[2], alpha, beta, 1, false, "alpha=" + alpha + " beta=" + beta);
            }
        }
    }

    @Check
    void batchedWithSharedAndStridedOperands() {
        check(false, true, 70, 257, 33, 1f, 0.25f, 3, true, "batch 3, A shared");
        check(false, true, 50, 50, 64, 0.125f, 0f, 12, true, "batch 12, A shared, beta 0");
        check(false, false, 197, 64, 197, 1f, 1f, 4, false, "batch 4");
        check(true, true, 45, 130, 129, -2f, 0.25f, 3, false, "batch 3 transposed");
    }

    /** Per-head attention scores Q K^T, both operands strided by head, into NaN. */
    @Check
    void perHeadScoresIntoNaN() {
        int heads = 4, t = 197, d = 64;
        float[] q = uniform(heads * t * d, -1, 1), k = uniform(heads * t * d, -1, 1), s = new float[heads * t * t];
        Arrays.fill(s, Float.NaN);
        Buffer ds = upload(s);
        backend().gemm(false, true, t, t, d, 0.125f, upload(q), 0, d, t * d, upload(k), 0, d, t * d, 0f, ds, 0, t, t * t, heads);
        Tolerance.ACCUMULATED.check(on("per-head scores"), read(ds),
                Reference.gemm(false, true, t, t, d, 0.125f, q, 0, d, t * d, k, 0, d, t * d, 0f, s, 0, t, t * t, heads));
    }
}
