package org.jfsac.core.tensor;

import org.jfsac.core.testing.CountingBackend;
import org.jfsac.core.testing.GradCheck;
import org.jfsac.core.testing.Layout;
import org.jfsac.core.testing.Nd;
import org.jfsac.core.testing.RandomShapes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.jfsac.core.testing.GradCheck.uniform;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * matmul with NumPy semantics (2-D, batched, broadcast batch, 1-D operands) and with operands that are
 * transposed or permuted views, which the GEMM reads through transpose flags and leading dimensions.
 * Tolerances are GradCheck's defaults: the inner dimension is at most 7, so a dot product is at most
 * 7 float32 products and sums, ~5e-7 relative in the worst case (BLAS may reorder, not lengthen, them).
 */
class MatMulGradTest {
    private static final Function<List<Nd>, Nd> REF = x -> x.get(0).matmul(x.get(1));

    private static Tensor mm(List<Tensor> x) { return x.get(0).matmul(x.get(1)); }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3})
    void twoD(long seed) {
        RandomShapes rs = new RandomShapes("matmul2d", seed);
        int m = rs.dim(1, 6), k = rs.dim(1, 7), n = rs.dim(1, 6);
        GradCheck.of("matmul 2-D", seed).input(m, k).input(k, n).check(MatMulGradTest::mm, REF);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3})
    void batched(long seed) {
        RandomShapes rs = new RandomShapes("matmulBatched", seed);
        int b = rs.dim(2, 3), m = rs.dim(1, 5), k = rs.dim(1, 6), n = rs.dim(1, 5);
        GradCheck.of("matmul batched", seed).input(b, m, k).input(b, k, n).check(MatMulGradTest::mm, REF);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3})
    void broadcastBatch(long seed) {
        RandomShapes rs = new RandomShapes("matmulBroadcast", seed);
        int m = rs.dim(1, 4), k = rs.dim(1, 5), n = rs.dim(1, 4);
        GradCheck.of("matmul [2,1,m,k] x [3,k,n]", seed).input(2, 1, m, k).input(3, k, n).check(MatMulGradTest::mm, REF);
        // the linear-layer case: a 3-D input against a 2-D weight (one GEMM over all rows), any layout
        GradCheck.of("matmul [b,t,k] x [k,n]", seed).input(2, 3, k).input(k, n).check(MatMulGradTest::mm, REF);
        GradCheck.of("matmul [k,n]... [m,k] x [2,k,n]", seed).input(m, k).input(2, k, n).check(MatMulGradTest::mm, REF);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2})
    void oneDimensionalOperands(long seed) {
        RandomShapes rs = new RandomShapes("matmul1d", seed);
        int m = rs.dim(1, 4), k = rs.dim(1, 6), n = rs.dim(1, 4);
        GradCheck.of("matmul [k] x [k,n]", seed).input(k).input(k, n).check(MatMulGradTest::mm, REF);
        GradCheck.of("matmul [m,k] x [k]", seed).input(m, k).input(k).check(MatMulGradTest::mm, REF);
        GradCheck.of("matmul [2,m,k] x [k]", seed).input(2, m, k).input(k).check(MatMulGradTest::mm, REF);
        GradCheck.of("matmul [k] x [2,k,n]", seed).input(k).input(2, k, n).check(MatMulGradTest::mm, REF);
        GradCheck.of("matmul [k] x [k]", seed).input(k).input(k).check(MatMulGradTest::mm, REF);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3})
    void transposedAndPermutedViews(long seed) {
        RandomShapes rs = new RandomShapes("matmulViews", seed);
        int b = rs.dim(2, 3), m = rs.dim(2, 5), k = rs.dim(2, 6), n = rs.dim(2, 5);
        GradCheck.of("matmul a^T b^T via mT()", seed).input(new int[]{k, m}, uniform(-2, 2), Layout.CONTIGUOUS).input(new int[]{n, k}, uniform(-2, 2), Layout.CONTIGUOUS)
                .check(x -> x.get(0).mT().matmul(x.get(1).mT()), x -> x.get(0).mT().matmul(x.get(1).mT()));
        // heads-style layout: [m, b, k] permuted to [b, m, k] (row stride b*k, batch stride k), times [b, n, k]^T
        GradCheck.of("matmul permute(1,0,2) x mT()", seed).input(new int[]{m, b, k}, uniform(-2, 2), Layout.CONTIGUOUS).input(new int[]{b, n, k}, uniform(-2, 2), Layout.CONTIGUOUS)
                .check(x -> x.get(0).permute(1, 0, 2).matmul(x.get(1).mT()), x -> x.get(0).permute(1, 0, 2).matmul(x.get(1).mT()));
        // x W^T with W a row window (narrow) of a packed weight, as MultiheadAttention does
        GradCheck.of("matmul x narrow(W)^T", seed).input(new int[]{b, m, k}, uniform(-2, 2), Layout.CONTIGUOUS).input(new int[]{3 * n, k}, uniform(-2, 2), Layout.CONTIGUOUS)
                .check(x -> x.get(0).matmul(x.get(1).narrow(0, n, n).mT()), x -> x.get(0).matmul(x.get(1).narrow(0, n, n).mT()));
    }

    /** The views above reach the GEMM as transpose flags and leading dimensions: one gemm, no copy. */
    @Test
    void transposedViewsAreNotCopied() {
        CountingBackend cb = new CountingBackend();
        Tensor x = Tensor.zeros(cb.backend(), 2, 3, 4), w = Tensor.zeros(cb.backend(), 15, 4);
        Tensor heads = Tensor.zeros(cb.backend(), 3, 2, 4), keys = Tensor.zeros(cb.backend(), 2, 5, 4);
        cb.reset();
        x.matmul(w.narrow(0, 5, 5).mT());
        heads.permute(1, 0, 2).matmul(keys.mT());
        x.mT().matmul(x);
        Map<String, Integer> calls = cb.counts();
        assertEquals(3, cb.count("gemm"), "calls: " + calls);
        assertEquals(0, cb.count("copy"), "calls: " + calls);
        assertEquals(0, cb.count("unary"), "calls: " + calls);
    }
}
