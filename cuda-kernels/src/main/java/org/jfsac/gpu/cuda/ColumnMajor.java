package org.jfsac.gpu.cuda;

/**
 * cuBLAS is column-major; the Backend's GEMM is row-major. A row-major matrix with row stride ld is,
 * read column-major with the same ld, its transpose. So the row-major {@code C = op(A) op(B)} is the
 * column-major {@code C^T = op(B)^T op(A)^T}: cuBLAS is called with the operands swapped, m and n
 * swapped, and each operand's transpose flag kept (the stored matrix is already the transpose).
 *
 * @param first      the operand cuBLAS sees as its "A": our B
 * @param transFirst cuBLAS's transa (our transB)
 * @param second     the operand cuBLAS sees as its "B": our A
 * @param transSecond cuBLAS's transb (our transA)
 * @param m          cuBLAS's m (our n)
 * @param n          cuBLAS's n (our m)
 */
record ColumnMajor(char first, boolean transFirst, char second, boolean transSecond, int m, int n, int k) {

    static ColumnMajor of(boolean transA, boolean transB, int m, int n, int k) {
        return new ColumnMajor('B', transB, 'A', transA, n, m, k);
    }
}
