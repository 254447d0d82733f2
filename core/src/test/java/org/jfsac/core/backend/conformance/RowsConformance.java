package org.jfsac.core.backend.conformance;

import org.jfsac.core.backend.Buffer;

/**
 * Row ops of the last axis: softmax and log-softmax (forward, backward, masked rows) and layer norm (forward,
 * backward, with and without weight and bias), over widths 1 to 3001 around the work-group sizes (64 on CPU
 * devices, 256 on GPUs), more rows than one 64-row chunk of the weight-gradient sums, and NaN-prefilled outputs.
 */
public final class RowsConformance extends BackendConformance {
    private static final int[] COLS = {1, 3, 63, 197, 226, 257, 768, 3001};

    @Check
    void softmaxAndLogSoftmaxForwardAndBackward() {
        for (boolean log : new boolean[]{false, true}) {
            for (int cols : COLS) {
                int rows = cols > 1000 ? 2 : 7;
                String what = (log ? "log-" : "") + "softmax [" + rows + ", " + cols + "]";
                float[] x = uniform(rows * cols, -8f, 8f);
                Buffer y = nans(rows * cols);
                backend().softmax(upload(x), y, rows, cols, log);
                double[] yRef = Reference.softmax(x, rows, cols, log);
                Tolerance.ACCUMULATED.check(on(what), read(y), yRef);

                float[] yIn = toFloat(yRef), gy = uniform(rows * cols, -1f, 1f);
                Buffer gx = nans(rows * cols);
                backend().softmaxBackward(upload(yIn), upload(gy), gx, rows, cols, log);
                Tolerance.ACCUMULATED.check(on(what + " backward"), read(gx), Reference.softmaxBackward(yIn, gy, rows, cols, log));
            }
        }
    }

    /** A causal-style row (all but 5 entries -inf) and a fully masked row (NaN, PyTorch's rule). */
    @Check
    void softmaxOfMaskedRows() {
        int rows = 3, cols = 77;
        float[] x = uniform(rows * cols, 0f, 1f);
        for (int c = 5; c < cols; c++) x[c] = Float.NEGATIVE_INFINITY;
        for (int c = 0; c < cols; c++) x[2 * cols + c] = Float.NEGATIVE_INFINITY;
        for (boolean log : new boolean[]{false, true}) {
            Buffer y = nans(rows * cols);
            backend().softmax(upload(x), y, rows, cols, log);
            Tolerance.ACCUMULATED.check(on("masked " + (log ? "log-" : "") + "softmax"), read(y), Reference.softmax(x, rows, cols, log));
        }
    }

    @Check
    void layerNormForwardAndBackwardWithAndWithoutAffine() {
        int[][] shapes = {{1, 1}, {3, 3}, {1, 63}, {197, 768}, {5, 257}, {130, 226}, {150, 63}, {2, 3001}};
        for (int[] s : shapes) {
            int rows = s[0], cols = s[1];
            for (int affine = 0; affine < 3; affine++) {
                boolean withW = affine > 0, withB = affine == 2, wantGw = affine != 1;
                String what = "layerNorm [" + rows + ", " + cols + "] w=" + withW + " b=" + withB;
                float[] x = uniform(rows * cols, 2f, 4f); // an offset mean keeps the variance computation honest
                float[] w = withW ? uniform(cols, 0.5f, 1.5f) : null, b = withB ? uniform(cols, -1f, 1f) : null;
                Buffer dx = upload(x), dw = w == null ? null : upload(w), db = b == null ? null : upload(b);
                Buffer y = nans(rows * cols), mean = nans(rows), rstd = nans(rows);
                backend().layerNorm(dx, dw, db, y, mean, rstd, rows, cols, 1e-5f);
                double[][] ref = Reference.layerNorm(x, w, b, rows, cols, 1e-5f);
                Tolerance.ACCUMULATED.check(on(what + " y"), read(y), ref[0]);
                Tolerance.ACCUMULATED.check(on(what + " mean"), read(mean), ref[1]);
                Tolerance.ACCUMULATED.check(on(what + " rstd"), read(rstd), ref[2]);

                float[] meanIn = toFloat(ref[1]), rstdIn = toFloat(ref[2]), gy = uniform(rows * cols, -1f, 1f);
                Buffer gx = nans(rows * cols), gw = nans(cols), gb = nans(cols);
                backend().layerNormBackward(dx, dw, upload(meanIn), upload(rstdIn), upload(gy), gx, wantGw ? gw : null, gb, rows, cols);
                double[][] g = Reference.layerNormBackward(x, w, meanIn, rstdIn, gy, rows, cols);
                // gx = rstd (g - mean(g) - xhat mean(g xhat)) cancels terms of size rstd |g|: its error follows their rms.
                double maxRstd = 0, gg = 0;
                for (float v : rstdIn) maxRstd = Math.max(maxRstd, Math.abs(v));
                for (float v : gy) gg += (double) v * v;
                double termRms = maxRstd * Math.sqrt(gg / gy.length) * (withW ? 1.5 : 1.0);
                Tolerance.ACCUMULATED.check(on(what + " gx"), read(gx), g[0], termRms);
                if (wantGw) Tolerance.ACCUMULATED.check(on(what + " gw"), read(gw), g[1]);
                Tolerance.ACCUMULATED.check(on(what + " gb"), read(gb), g[2]);
            }
        }
    }
}
