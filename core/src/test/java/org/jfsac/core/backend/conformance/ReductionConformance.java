package org.jfsac.core.backend.conformance;

import org.jfsac.core.backend.Buffer;
import org.jfsac.core.backend.ReduceOp;

import java.util.Arrays;

/**
 * reduce over the middle axis of [outer, n, inner]: rows (inner = 1) and columns, lengths around the
 * work-group and SIMD block sizes, an input offset, ARGMAX ties, NaN and infinities. SUM is
 * {@link Tolerance#ACCUMULATED}; MAX, MIN and ARGMAX select an element and must be {@link Tolerance#EXACT}.
 */
public final class ReductionConformance extends BackendConformance {

    private void check(ReduceOp op, float[] x, int offset, int outer, int n, int inner, String what) {
        Buffer out = nans(outer * inner);
        backend().reduce(op, upload(x), offset, outer, n, inner, out);
        double[] ref = Reference.reduce(op, x, offset, outer, n, inner);
        (op == ReduceOp.SUM ? Tolerance.ACCUMULATED : Tolerance.EXACT).check(on(what), read(out), ref);
    }

    @Check
    void everyOpOverRowAndColumnLayouts() {
        int[][] shapes = {{1, 1, 1}, {3, 197, 1}, {2, 257, 3}, {5, 1000, 1}, {1, 226, 7}, {4, 3, 257}, {2, 5000, 1}, {1, 1, 9},
            {6, 63, 1}, {4, 33, 9}, {3, 1, 5}, {2, 3001, 1}, {1, 150, 85}};
        for (ReduceOp op : ReduceOp.values()) {
            for (int[] s : shapes) {
                int off = 4;
                float[] x = uniform(off + s[0] * s[1] * s[2], -2f, 2f);
                check(op, x, off, s[0], s[1], s[2], op + " " + Arrays.toString(s));
            }
        }
    }

    @Check
    void argmaxTakesTheFirstOfEqualMaxima() {
        float[] x = new float[3 * 300];
        for (int i = 0; i < 300; i++) x[i] = 1f;  // row 0: all equal -> 0
        x[300 + 17] = 5f;
        x[300 + 290] = 5f;                        // row 1: tie at 17 and 290 -> 17
        x[600 + 299] = 2f;                        // row 2: the last element
        check(ReduceOp.ARGMAX, x, 0, 3, 300, 1, "argmax ties");
        check(ReduceOp.ARGMAX, x, 0, 1, 3, 300, "argmax ties over columns");
    }

    /**
     * NaN and -inf at the start, inside a SIMD lane and in the scalar tail of a row (CPU devices split rows into
     * 8-float lanes and column reductions into 64- and 16-column blocks; 85 = 64 + 16 + 5): MAX and MIN propagate
     * NaN, ARGMAX skips NaN but never moves off a NaN or -inf first element that nothing beats.
     */
    @Check
    void nanAndInfinitiesInRowsAndColumns() {
        int n = 85, rows = 6;
        float[] x = new float[rows * n];
        for (int i = 0; i < x.length; i++) x[i] = (i * 7 % 11) - 5f;
        x[0] = Float.NaN;
        x[n + 5] = Float.NaN;
        x[2 * n + n - 2] = Float.NaN;
        for (int c = 0; c < n; c++) x[3 * n + c] = Float.NEGATIVE_INFINITY;
        for (int c = 0; c < n; c++) x[4 * n + c] = c == 0 || c == 9 ? Float.NEGATIVE_INFINITY : Float.NaN;
        x[5 * n] = Float.NEGATIVE_INFINITY;
        x[5 * n + 40] = Float.POSITIVE_INFINITY;
        for (ReduceOp op : ReduceOp.values()) {
            check(op, x, 0, rows, n, 1, op + " of special values over rows");
            check(op, x, 0, 1, rows, n, op + " of special values over columns");
        }
    }
}
