package org.jfsac.core.cpu;

/**
 * Row-major GEMM on top of column-major BLAS: a row-major X is the column-major X^T, so
 * C = op(A) op(B) is computed as C^T = op(B)^T op(A)^T with the operands swapped.
 */
public final class CpuGemm {
    /** The selected Sgemm, or the exception a bad -Djfsac.blas gave: rethrown at each use as one clear line, not an ExceptionInInitializerError. */
    private static final Object CHOICE = choose();

    private static Object choose() {
        try {
            return BlasSelection.fromProperty();
        } catch (RuntimeException e) {
            return e;
        }
    }

    private static Sgemm impl() {
        if (CHOICE instanceof RuntimeException) throw (RuntimeException) CHOICE;
        return (Sgemm) CHOICE;
    }

    private CpuGemm() {}

    /** Which BLAS runs (system, bundled or pure Java; see {@code -Djfsac.blas} in {@link BlasSelection}). */
    public static String provider() { return impl().describe(); }

    /** Whether GEMM runs native code (the system OpenBLAS or the one bundled in org.bytedeco:openblas). */
    public static boolean isNative() { return impl().isNative(); }

    /** Row-major C[m×n] = alpha·op(A)·op(B) + beta·C on heap arrays, through one provider. */
    public interface RowMajor {
        void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, int aOff, int lda,
                  float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc);
    }

    /**
     * The GEMM of the provider that {@code -Djfsac.blas=name} would select, whatever this JVM selected: for
     * benchmarks that compare providers in one run. m, n, k ≥ 1.
     */
    public static RowMajor byName(String name) {
        Sgemm s = BlasSelection.select(name);
        return (ta, tb, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc) ->
                s.sgemm(tb ? "T" : "N", ta ? "T" : "N", n, m, k, alpha, b, bOff, ldb, a, aOff, lda, beta, c, cOff, ldc);
    }

    static void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                     float[] a, int aOff, int lda, int strideA, float[] b, int bOff, int ldb, int strideB,
                     float beta, float[] c, int cOff, int ldc, int strideC, int batch) {
        if (m == 0 || n == 0) return;
        String ta = transA ? "T" : "N", tb = transB ? "T" : "N";
        for (int p = 0; p < batch; p++) {
            int ao = aOff + p * strideA, bo = bOff + p * strideB, co = cOff + p * strideC;
            if (k == 0) {
                for (int i = 0; i < m; i++) for (int j = 0; j < n; j++) c[co + i * ldc + j] = beta == 0f ? 0f : beta * c[co + i * ldc + j];
                continue;
            }
            impl().sgemm(tb, ta, n, m, k, alpha, b, bo, Math.max(1, ldb), a, ao, Math.max(1, lda), beta, c, co, Math.max(1, ldc));
        }
    }
}
