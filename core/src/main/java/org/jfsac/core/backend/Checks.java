package org.jfsac.core.backend;

import java.util.Arrays;

/**
 * The argument checks of the {@link Backend} contract, shared by every backend so that bad arguments fail the
 * same way everywhere, before any work: an operand that reaches outside its buffer throws
 * {@link IndexOutOfBoundsException}; a negative size, mismatched shapes or a degenerate op (layer norm of
 * zero-width rows, the maximum of an empty axis) throw {@link IllegalArgumentException}. Each message names
 * the op and the offending operand.
 */
public final class Checks {
    private Checks() {}

    /** Every element of the view lies inside its buffer (negative strides allowed; an empty view always passes). */
    public static void view(View v, String what) {
        if (v.shape().length != v.strides().length) throw new IllegalArgumentException(what + ": shape and strides differ in rank: " + v);
        long lo = v.offset(), hi = v.offset();
        for (int d = 0; d < v.rank(); d++) {
            if (v.shape()[d] < 0) throw new IllegalArgumentException(what + ": negative extent in " + v);
            if (v.shape()[d] == 0) return;
            long span = (long) (v.shape()[d] - 1) * v.strides()[d];
            if (span < 0) lo += span;
            else hi += span;
        }
        if (lo < 0 || hi >= v.buffer().size()) {
            throw new IndexOutOfBoundsException(what + ": " + v + " reaches elements [" + lo + ", " + hi + "] of a buffer of "
                    + v.buffer().size());
        }
    }

    /** Elements [offset, offset + n) lie inside an array or buffer of size elements. */
    public static void range(int size, long offset, long n, String what) {
        if (offset < 0 || n < 0 || offset + n > size) {
            throw new IndexOutOfBoundsException(what + ": range [" + offset + ", " + (offset + n) + ") outside [0, " + size + ")");
        }
    }

    /** A contiguous [rows, cols] operand: non-negative shape, and the buffer holds rows * cols elements. */
    public static void rows(Buffer b, int rows, int cols, String what) {
        if (b == null) throw new IllegalArgumentException(what + " is null");
        if (rows < 0 || cols < 0) throw new IllegalArgumentException(what + ": negative shape [" + rows + ", " + cols + "]");
        range(b.size(), 0, (long) rows * cols, what);
    }

    /** Same as {@link #rows} for an optional operand (null passes). */
    public static void optionalRows(Buffer b, int rows, int cols, String what) {
        if (b != null) rows(b, rows, cols, what);
    }

    /** Throws IllegalArgumentException naming {@code op} unless the two views have the same shape. */
    public static void sameShape(String op, View a, View b) {
        if (!Arrays.equals(a.shape(), b.shape())) throw new IllegalArgumentException(op + ": shapes differ: " + a + " vs " + b);
    }

    /** reduce's extents and ranges; an empty axis has a sum (0) but no maximum, minimum or argmax. */
    public static void reduce(ReduceOp op, Buffer x, int offset, int outer, int n, int inner, Buffer out) {
        String what = "reduce " + op + " [" + outer + ", " + n + ", " + inner + "] @" + offset;
        if (outer < 0 || n < 0 || inner < 0) throw new IllegalArgumentException(what + ": negative extent");
        range(x.size(), offset, (long) outer * n * inner, what + " input");
        range(out.size(), 0, (long) outer * inner, what + " output");
        if (n == 0 && op != ReduceOp.SUM && (long) outer * inner > 0) throw new IllegalArgumentException(what + ": " + op + " of an empty axis");
    }

    /** Layer norm needs at least one column per row (the statistics of an empty row do not exist). */
    public static void layerNormWidth(int rows, int cols, String op) {
        if (rows > 0 && cols == 0) throw new IllegalArgumentException(op + " of " + rows + " rows with 0 columns");
    }

    /** Attention needs keys: a query over none has no softmax (q is [B,H,Tq,D], k [B,H,Tk,D]). */
    public static void attentionKeys(View q, View k, String op) {
        if (q.rank() != 4 || k.rank() != 4) throw new IllegalArgumentException(op + ": expected [B,H,T,D] views, got " + q + ", " + k);
        if (k.shape()[2] == 0 && (long) q.shape()[0] * q.shape()[1] * q.shape()[2] > 0) {
            throw new IllegalArgumentException(op + ": " + q.shape()[2] + " queries over 0 keys");
        }
    }

    /** Row indices into a contiguous [*, cols] table of tableSize elements: cols positive, every index a row. */
    public static void indices(String op, int[] idx, int cols, int tableSize) {
        if (cols <= 0) throw new IllegalArgumentException(op + ": cols must be positive, got " + cols);
        int rows = tableSize / cols;
        for (int r = 0; r < idx.length; r++) {
            if (idx[r] < 0 || idx[r] >= rows) {
                throw new IndexOutOfBoundsException(op + ": index " + idx[r] + " at position " + r + " out of range [0, " + rows + ")");
            }
        }
    }

    /** GEMM sizes, and each strided-batched operand (rows x cols as stored, row stride ld) inside its buffer. */
    public static void gemm(boolean transA, boolean transB, int m, int n, int k, Buffer a, int aOff, int lda, int strideA,
                            Buffer b, int bOff, int ldb, int strideB, Buffer c, int cOff, int ldc, int strideC, int batch) {
        String what = "gemm " + (transA ? "T" : "N") + (transB ? "T" : "N") + " m=" + m + " n=" + n + " k=" + k + " batch=" + batch
                + " lda=" + lda + " ldb=" + ldb + " ldc=" + ldc;
        if (m < 0 || n < 0 || k < 0 || batch < 0) throw new IllegalArgumentException(what + ": negative size");
        if (m == 0 || n == 0 || batch == 0) return;
        matrix(a, aOff, lda, strideA, transA ? k : m, transA ? m : k, batch, what, "A");
        matrix(b, bOff, ldb, strideB, transB ? n : k, transB ? k : n, batch, what, "B");
        matrix(c, cOff, ldc, strideC, m, n, batch, what, "C");
    }

    private static void matrix(Buffer buf, int off, int ld, int stride, int rows, int cols, int batch, String what, String name) {
        if (rows == 0 || cols == 0) return;
        if (ld < cols) throw new IllegalArgumentException(what + ": ld" + name.toLowerCase() + "=" + ld + " < " + cols + " columns");
        if (off < 0 || stride < 0) throw new IllegalArgumentException(what + ": negative offset or stride of " + name);
        long last = off + (long) (batch - 1) * stride + (long) (rows - 1) * ld + cols - 1;
        if (last >= buf.size()) {
            throw new IndexOutOfBoundsException(what + ": " + name + " reaches element " + last + " of a buffer of " + buf.size());
        }
    }
}
