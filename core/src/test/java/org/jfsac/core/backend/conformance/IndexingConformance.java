package org.jfsac.core.backend.conformance;

import org.jfsac.core.backend.Buffer;

import static org.junit.jupiter.api.Assertions.assertThrows;

/** Embedding gather (exact) and scatter-add with duplicate indices (sums: {@link Tolerance#ACCUMULATED}). */
public final class IndexingConformance extends BackendConformance {
    private static final int[] COLS = {1, 3, 63, 226, 512};

    private int[] indices(int n, int rows) {
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) idx[i] = rng.nextInt(rows);
        idx[n - 1] = idx[0]; // at least one duplicate
        return idx;
    }

    @Check
    void gatherRowsWithDuplicates() {
        for (int cols : COLS) {
            int rows = 49;
            int[] idx = indices(154, rows);
            float[] table = uniform(rows * cols, -1, 1);
            Buffer out = nans(idx.length * cols);
            backend().gatherRows(upload(table), idx, cols, out);
            double[] ref = new double[idx.length * cols];
            for (int r = 0; r < idx.length; r++) for (int c = 0; c < cols; c++) ref[r * cols + c] = table[idx[r] * cols + c];
            Tolerance.EXACT.check(on("gather cols=" + cols), read(out), ref);
        }
    }

    @Check
    void scatterAddAccumulatesDuplicates() {
        for (int cols : COLS) {
            int rows = 13;
            int[] idx = indices(300, rows); // many duplicates per row
            float[] grad = uniform(idx.length * cols, -1, 1), table = uniform(rows * cols, -1, 1);
            Buffer t = upload(table);
            backend().scatterAddRows(upload(grad), idx, cols, t);
            double[] ref = toDouble(table);
            for (int r = 0; r < idx.length; r++) for (int c = 0; c < cols; c++) ref[idx[r] * cols + c] += grad[r * cols + c];
            Tolerance.ACCUMULATED.check(on("scatterAdd cols=" + cols), read(t), ref);
        }
    }

    @Check
    void indicesOutsideTheTableAreRejected() {
        Buffer table = nans(10 * 4), out = nans(2 * 4);
        assertThrows(IndexOutOfBoundsException.class, () -> backend().gatherRows(table, new int[]{1, 10}, 4, out));
        assertThrows(IndexOutOfBoundsException.class, () -> backend().gatherRows(table, new int[]{-1, 0}, 4, out));
        assertThrows(IndexOutOfBoundsException.class, () -> backend().scatterAddRows(out, new int[]{0, 10}, 4, table));
    }
}
