package org.jfsac.gpu.opencl;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.jfsac.gpu.opencl.OpenClTestSupport.*;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Embedding gather / scatter-add and the Adam(W) step against the CPU reference. */
class IndexingAndAdamTest {
    @BeforeEach void device() { backend(); }

    private static int[] indices(Random r, int n, int rows) {
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) idx[i] = r.nextInt(rows);
        idx[n - 1] = idx[0]; // at least one duplicate
        return idx;
    }

    @Test void gatherRowsWithDuplicates() {
        Random r = rng("gather");
        for (int cols : new int[]{1, 3, 226, 512}) {
            int rows = 49;
            int[] idx = indices(r, 77 * 2, rows);
            Pair table = pair(uniform(r, rows * cols, -1, 1)), out = nanPair(idx.length * cols);
            both(b -> b.gatherRows(table.on(b), idx, cols, out.on(b)));
            assertClose("gather cols=" + cols, out.devData(), out.refData(), 0, 0);
        }
    }

    @Test void scatterAddAccumulatesDuplicates() {
        Random r = rng("scatterAdd");
        for (int cols : new int[]{1, 3, 226, 512}) {
            int rows = 13;
            int[] idx = indices(r, 197, rows); // many duplicates per row
            Pair grad = pair(uniform(r, idx.length * cols, -1, 1)), table = pair(uniform(r, rows * cols, -1, 1));
            both(b -> b.scatterAddRows(grad.on(b), idx, cols, table.on(b)));
            assertAccumulated("scatterAdd cols=" + cols, table);
        }
    }

    @Test void badIndicesAreRejectedBeforeLaunch() {
        var b = backend();
        var table = b.allocate(10 * 4);
        var out = b.allocate(2 * 4);
        assertThrows(IndexOutOfBoundsException.class, () -> b.gatherRows(table, new int[]{1, 10}, 4, out));
        assertThrows(IndexOutOfBoundsException.class, () -> b.scatterAddRows(out, new int[]{-1, 0}, 4, table));
        table.release();
        out.release();
    }

    @Test void adamAndAdamWOverSeveralSteps() {
        Random r = rng("adam");
        for (int n : new int[]{1, 3, 257, 10007}) {
            for (boolean decoupled : new boolean[]{false, true}) {
                for (float wd : new float[]{0f, 0.05f}) {
                    Pair p = pair(uniform(r, n, -1, 1)), m = pair(new float[n]), v = pair(new float[n]);
                    for (int step = 1; step <= 4; step++) {
                        Pair g = pair(uniform(r, n, -1, 1));
                        int s = step;
                        both(b -> b.adamStep(p.on(b), g.on(b), m.on(b), v.on(b), n, 1e-2f, 0.9f, 0.999f, 1e-8f, wd, decoupled, s));
                    }
                    String what = "adam n=" + n + " decoupled=" + decoupled + " wd=" + wd;
                    assertElementwise(what + " param", p);
                    assertElementwise(what + " m", m);
                    assertElementwise(what + " v", v);
                }
            }
        }
    }
}
