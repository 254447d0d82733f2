package org.jfsac.gpu.opencl;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.jfsac.gpu.opencl.OpenClTestSupport.*;

/** Strided batched GEMM against the CPU reference (BLAS): transposes, leading dimensions, batch strides, alpha/beta. */
class GemmTest {
    @BeforeEach void device() { backend(); }

    /** m, n, k: edge cases, tile-boundary crossers and the ViT shapes (197 tokens, head 64, width 226 odd). */
    private static final int[][] SIZES = {{1, 1, 1}, {3, 5, 7}, {1, 257, 3}, {197, 226, 64}, {65, 63, 129}, {77, 77, 64}, {4, 9, 0}};

    @Test void allTransposeCombinationsAndSizes() {
        Random r = rng("gemm");
        for (int[] s : SIZES) {
            for (int t = 0; t < 4; t++) {
                boolean ta = (t & 1) != 0, tb = (t & 2) != 0;
                int m = s[0], n = s[1], k = s[2];
                // leading dimensions padded by a few elements, operands at offsets
                int lda = (ta ? m : k) + 3, ldb = (tb ? k : n) + 1, ldc = n + 2;
                int aRows = ta ? k : m, bRows = tb ? n : k;
                Pair a = pair(uniform(r, 5 + aRows * lda, -1, 1)), b = pair(uniform(r, 2 + bRows * ldb, -1, 1));
                Pair c = pair(uniform(r, 1 + m * ldc, -1, 1));
                float alpha = 0.5f + r.nextFloat(), beta = r.nextBoolean() ? 0f : -1.5f;
                both(be -> be.gemm(ta, tb, m, n, k, alpha, a.on(be), 5, lda, 0, b.on(be), 2, ldb, 0, beta, c.on(be), 1, ldc, 0, 1));
                assertAccumulated("gemm " + (ta ? "T" : "N") + (tb ? "T" : "N") + " " + m + "x" + n + "x" + k + " beta=" + beta, c);
            }
        }
    }

    @Test void betaZeroOverwritesNaN() {
        Random r = rng("gemmNaN");
        int m = 33, n = 47, k = 19;
        Pair a = pair(uniform(r, m * k, -1, 1)), b = pair(uniform(r, k * n, -1, 1)), c = nanPair(m * n);
        both(be -> be.gemm(false, false, m, n, k, 1f, a.on(be), 0, k, 0, b.on(be), 0, n, 0, 0f, c.on(be), 0, n, 0, 1));
        assertAccumulated("gemm beta=0 into NaN", c);
    }

    @Test void batchedWithSharedAndStridedOperands() {
        Random r = rng("gemmBatched");
        int m = 70, n = 257, k = 33, batch = 3;
        // A shared by every batch entry (stride 0), B and C strided with gaps between entries
        int strideB = k * n + 11, strideC = m * n + 5;
        Pair a = pair(uniform(r, m * k, -1, 1)), b = pair(uniform(r, batch * strideB, -1, 1)), c = pair(uniform(r, batch * strideC, -1, 1));
        both(be -> be.gemm(false, true, m, n, k, 1f, a.on(be), 0, k, 0, b.on(be), 0, k, strideB, 0.25f, c.on(be), 0, n, strideC, batch));
        // (transB with ldb = k reads B_p as n x k: only the first n*k of each entry's k*n+11 are used)
        assertAccumulated("batched gemm", c);
        // attention-like: per-head Q K^T with both operands strided
        int heads = 4, t = 197, d = 64;
        Pair q = pair(uniform(r, heads * t * d, -1, 1)), kk = pair(uniform(r, heads * t * d, -1, 1)), s = nanPair(heads * t * t);
        both(be -> be.gemm(false, true, t, t, d, 0.125f, q.on(be), 0, d, t * d, kk.on(be), 0, d, t * d, 0f, s.on(be), 0, t, t * t, heads));
        assertAccumulated("per-head scores", s);
    }
}
