package org.jfsac.gpu.opencl;

import org.jfsac.core.backend.ReduceOp;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.jfsac.gpu.opencl.OpenClTestSupport.*;

/** reduce, softmax (+ log, + backward), layer norm (+ backward) against the CPU reference. */
class RowOpsTest {
    /** Row lengths around and between work-group sizes (64 on CPU devices, 256 on GPUs). */
    private static final int[] COLS = {1, 3, 63, 197, 226, 257, 768, 3001};

    @BeforeEach void device() { backend(); }

    @Test void reduceAllOpsOverEveryAxisLayout() {
        Random r = rng("reduce");
        int[][] shapes = {{1, 1, 1}, {3, 197, 1}, {2, 257, 3}, {5, 1000, 1}, {1, 226, 7}, {4, 3, 257}, {2, 5000, 1}, {1, 1, 9}};
        for (ReduceOp op : ReduceOp.values()) {
            for (int[] s : shapes) {
                int outer = s[0], n = s[1], inner = s[2], off = 4;
                Pair x = pair(uniform(r, off + outer * n * inner, -2f, 2f)), out = nanPair(outer * inner);
                both(b -> b.reduce(op, x.on(b), off, outer, n, inner, out.on(b)));
                if (op == ReduceOp.ARGMAX) assertClose("argmax " + java.util.Arrays.toString(s), out.devData(), out.refData(), 0, 0);
                else assertAccumulated(op + " " + java.util.Arrays.toString(s), out);
            }
        }
    }

    @Test void argmaxTakesTheFirstOfEqualMaxima() {
        float[] x = new float[2 * 300];
        for (int i = 0; i < 300; i++) x[i] = 1f;                 // row 0: all equal -> 0
        x[300 + 17] = 5f;
        x[300 + 290] = 5f;                                        // row 1: tie at 17 and 290 -> 17
        Pair px = pair(x), out = nanPair(2);
        both(b -> b.reduce(ReduceOp.ARGMAX, px.on(b), 0, 2, 300, 1, out.on(b)));
        assertClose("argmax ties", out.devData(), new float[]{0f, 17f}, 0, 0);
        assertClose("argmax ties (reference)", out.refData(), new float[]{0f, 17f}, 0, 0);
    }

    /**
     * NaN and -inf placed in the SIMD part and in the scalar tail of a row (CPU devices split rows into
     * 8-float lanes, column reductions into 64- and 16-column blocks): MAX/MIN propagate NaN, ARGMAX skips NaN but
     * never moves off a NaN or -inf x[0] that nothing beats. Exact agreement with the reference (tolerance 0:
     * no arithmetic is involved).
     */
    @Test void rowReductionsOfNaNAndInfinities() {
        int n = 85, rows = 6;
        float[] x = new float[rows * n];
        for (int i = 0; i < x.length; i++) x[i] = (i * 7 % 11) - 5f;
        x[0] = Float.NaN;                                     // row 0: NaN first
        x[n + 5] = Float.NaN;                                 // row 1: NaN in a lane
        x[2 * n + n - 2] = Float.NaN;                         // row 2: NaN in the tail
        for (int c = 0; c < n; c++) x[3 * n + c] = Float.NEGATIVE_INFINITY; // row 3: all -inf
        for (int c = 0; c < n; c++) x[4 * n + c] = c == 0 || c == 9 ? Float.NEGATIVE_INFINITY : Float.NaN; // row 4
        x[5 * n] = Float.NEGATIVE_INFINITY;                   // row 5: -inf first, then finite values
        Pair px = pair(x);
        for (ReduceOp op : ReduceOp.values()) {
            Pair out = nanPair(rows);
            both(b -> b.reduce(op, px.on(b), 0, rows, n, 1, out.on(b)));
            assertClose(op + " of special values", out.devData(), out.refData(), 0, 0);
            // the same data as [1, rows, n] reduced over rows: 85 columns = a 64-column block, a 16-column one, a scalar tail
            Pair cols = nanPair(n);
            both(b -> b.reduce(op, px.on(b), 0, 1, rows, n, cols.on(b)));
            assertClose(op + " of special values over columns", cols.devData(), cols.refData(), 0, 0);
        }
    }

    @Test void softmaxAndLogSoftmaxForwardBackward() {
        Random r = rng("softmax");
        for (boolean log : new boolean[]{false, true}) {
            for (int cols : COLS) {
                int rows = cols > 1000 ? 2 : 7;
                Pair x = pair(uniform(r, rows * cols, -8f, 8f)), y = nanPair(rows * cols);
                both(b -> b.softmax(x.on(b), y.on(b), rows, cols, log));
                assertAccumulated((log ? "log-" : "") + "softmax cols=" + cols, y);
                Pair gy = pair(uniform(r, rows * cols, -1f, 1f)), gx = nanPair(rows * cols);
                both(b -> b.softmaxBackward(y.on(b), gy.on(b), gx.on(b), rows, cols, log));
                assertAccumulated((log ? "log-" : "") + "softmax backward cols=" + cols, gx);
            }
        }
    }

    @Test void softmaxOfRowsWithMaskedEntries() {
        int rows = 3, cols = 77;
        float[] x = new float[rows * cols];
        Random r = rng("softmaxMasked");
        for (int i = 0; i < x.length; i++) x[i] = r.nextFloat();
        for (int c = 5; c < cols; c++) x[c] = Float.NEGATIVE_INFINITY;      // causal-style row
        for (int c = 0; c < cols; c++) x[2 * cols + c] = Float.NEGATIVE_INFINITY; // fully masked row
        for (boolean log : new boolean[]{false, true}) {
            Pair px = pair(x), y = nanPair(rows * cols);
            both(b -> b.softmax(px.on(b), y.on(b), rows, cols, log));
            assertAccumulated("masked " + (log ? "log-" : "") + "softmax", y);
        }
    }

    @Test void layerNormForwardBackwardWithAndWithoutAffine() {
        Random r = rng("layerNorm");
        int[][] shapes = {{1, 1}, {3, 3}, {197, 768}, {5, 257}, {130, 226}, {2, 3001}};
        for (int[] s : shapes) {
            int rows = s[0], cols = s[1];
            for (int affine = 0; affine < 3; affine++) {
                boolean withW = affine > 0, withB = affine == 2;
                // an offset mean keeps the two-pass variance honest
                float[] xh = uniform(r, rows * cols, 2f, 4f);
                Pair x = pair(xh), w = pair(uniform(r, cols, 0.5f, 1.5f)), bias = pair(uniform(r, cols, -1f, 1f));
                Pair y = nanPair(rows * cols), mean = nanPair(rows), rstd = nanPair(rows);
                both(b -> b.layerNorm(x.on(b), withW ? w.on(b) : null, withB ? bias.on(b) : null, y.on(b), mean.on(b), rstd.on(b),
                        rows, cols, 1e-5f));
                String what = "layerNorm [" + rows + "," + cols + "] w=" + withW + " b=" + withB;
                assertAccumulated(what + " y", y);
                assertAccumulated(what + " mean", mean);
                assertAccumulated(what + " rstd", rstd);

                Pair gy = pair(uniform(r, rows * cols, -1f, 1f)), gx = nanPair(rows * cols), gw = nanPair(cols), gb = nanPair(cols);
                boolean wantGw = affine != 1; // also covers gw without gb
                both(b -> b.layerNormBackward(x.on(b), withW ? w.on(b) : null, mean.on(b), rstd.on(b), gy.on(b), gx.on(b),
                        wantGw ? gw.on(b) : null, gb.on(b), rows, cols));
                // gx = rstd·(g − mean(g) − x̂·mean(g·x̂)) cancels terms of size rstd·|g|, so its error scales with
                // those terms, not with gx itself (short rows with a small variance made a relative bar flaky).
                float[] rs = rstd.refData(), gyh = gy.refData(), gxRef = gx.refData();
                double maxRstd = 0, gg = 0, xx = 0;
                for (float v : rs) maxRstd = Math.max(maxRstd, Math.abs(v));
                for (float v : gyh) gg += (double) v * v;
                for (float v : gxRef) xx += (double) v * v;
                double termRms = maxRstd * Math.sqrt(gg / gyh.length) * (withW ? 1.5 : 1.0), gxRms = Math.sqrt(xx / gxRef.length);
                assertClose(what + " gx", gx.devData(), gxRef, 1e-4, Math.max(1.0, termRms / Math.max(gxRms, 1e-30)));
                if (wantGw) assertAccumulated(what + " gw", gw);
                assertAccumulated(what + " gb", gb);
            }
        }
    }
}
