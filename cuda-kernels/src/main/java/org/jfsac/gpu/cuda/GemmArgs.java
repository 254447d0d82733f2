package org.jfsac.gpu.cuda;

import org.jfsac.core.backend.Checks;

/** The arguments of {@link org.jfsac.core.backend.Backend#gemm}, checked and bundled for a GEMM engine. */
record GemmArgs(boolean transA, boolean transB, int m, int n, int k, float alpha,
                CudaBuffer a, int aOff, int lda, int strideA,
                CudaBuffer b, int bOff, int ldb, int strideB,
                float beta, CudaBuffer c, int cOff, int ldc, int strideC, int batch) {

    /**
     * Elements of a strided-batched operand from its first element to its last: the part of the buffer
     * a GEMM reads (or writes). {@code rows x cols} is the matrix as stored.
     */
    static long span(int rows, int cols, int ld, int stride, int batch) {
        if (rows == 0 || cols == 0 || batch == 0) return 0;
        return (long) (batch - 1) * stride + (long) (rows - 1) * ld + cols;
    }

    long spanA() { return transA ? span(k, m, lda, strideA, batch) : span(m, k, lda, strideA, batch); }

    long spanB() { return transB ? span(n, k, ldb, strideB, batch) : span(k, n, ldb, strideB, batch); }

    long spanC() { return span(m, n, ldc, strideC, batch); }

    /** Throws when a leading dimension is too small or an operand runs past its buffer (the contract's checks). */
    void validate() {
        Checks.gemm(transA, transB, m, n, k, a, aOff, lda, strideA, b, bOff, ldb, strideB, c, cOff, ldc, strideC, batch);
    }

    @Override
    public String toString() {
        return "gemm" + (transA ? " A^T" : "") + (transB ? " B^T" : "") + " m=" + m + " n=" + n + " k=" + k
                + " batch=" + batch + " alpha=" + alpha + " beta=" + beta
                + " A=" + a.at(aOff) + " lda=" + lda + " strideA=" + strideA
                + " B=" + b.at(bOff) + " ldb=" + ldb + " strideB=" + strideB
                + " C=" + c.at(cOff) + " ldc=" + ldc + " strideC=" + strideC;
    }
}
