package org.jfsac.gpu.cuda;

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

    /** Throws when a leading dimension is too small or an operand runs past its buffer. */
    void validate() {
        if (m < 0 || n < 0 || k < 0 || batch < 0) throw new IllegalArgumentException("negative size in " + this);
        int aCols = transA ? m : k, bCols = transB ? k : n;
        if ((aCols > 0 && lda < aCols) || (bCols > 0 && ldb < bCols) || (n > 0 && ldc < n)) {
            throw new IllegalArgumentException("leading dimension smaller than the row in " + this);
        }
        if (aOff < 0 || bOff < 0 || cOff < 0 || strideA < 0 || strideB < 0 || strideC < 0) {
            throw new IllegalArgumentException("negative offset or stride in " + this);
        }
        if (k > 0 && aOff + spanA() > a.size()) throw new IllegalArgumentException("A runs past its buffer in " + this);
        if (k > 0 && bOff + spanB() > b.size()) throw new IllegalArgumentException("B runs past its buffer in " + this);
        if (cOff + spanC() > c.size()) throw new IllegalArgumentException("C runs past its buffer in " + this);
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
