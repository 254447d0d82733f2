package org.jfsac.core.cpu;

import org.jfsac.core.backend.ReduceOp;

/** Row-wise kernels (reductions, softmax, layer norm) of the CPU backend. Accumulation in double. */
final class CpuRows {
    private CpuRows() {}

    static void reduce(ReduceOp op, float[] x, int off, int outer, int n, int inner, float[] out) {
        Parallel.forRange(outer * inner, Math.max(1, (1 << 14) / Math.max(1, n)), (lo, hi) -> {
            for (int oi = lo; oi < hi; oi++) {
                int o = oi / inner, i = oi % inner;
                int base = off + o * n * inner + i;
                switch (op) {
                    case SUM -> {
                        double s = 0;
                        for (int j = 0; j < n; j++) s += x[base + j * inner];
                        out[oi] = (float) s;
                    }
                    case MAX, MIN -> {
                        float best = x[base];
                        for (int j = 1; j < n; j++) {
                            float v = x[base + j * inner];
                            if (op == ReduceOp.MAX ? (v > best || Float.isNaN(v)) : (v < best || Float.isNaN(v))) best = v;
                        }
                        out[oi] = best;
                    }
                    case ARGMAX -> {
                        int arg = 0;
                        float best = x[base];
                        for (int j = 1; j < n; j++) {
                            float v = x[base + j * inner];
                            if (v > best) { best = v; arg = j; }
                        }
                        out[oi] = arg;
                    }
                }
            }
        });
    }

    static void softmax(float[] x, float[] y, int rows, int cols, boolean log) {
        Parallel.forRange(rows, Math.max(1, 4096 / Math.max(1, cols)), (lo, hi) -> {
            for (int r = lo; r < hi; r++) softmaxRow(x, y, r * cols, cols, log);
        });
    }

    /** One row in place or out of place; returns log-sum-exp. An all -inf row gives NaN, as in PyTorch. */
    static float softmaxRow(float[] x, float[] y, int b, int cols, boolean log) {
        float max;
        double sum;
        if (VectorSupport.AVAILABLE) {
            max = CpuVector.max(x, b, cols);
            if (max == Float.NEGATIVE_INFINITY) max = 0f;
            sum = CpuVector.expShiftSum(x, b, max, y, b, cols); // y holds exp(x - max) (x is read first, so in place is fine)
        } else {
            max = Float.NEGATIVE_INFINITY;
            for (int c = 0; c < cols; c++) max = Math.max(max, x[b + c]);
            if (max == Float.NEGATIVE_INFINITY) max = 0f;
            sum = 0;
            for (int c = 0; c < cols; c++) {
                float e = (float) Math.exp(x[b + c] - max);
                y[b + c] = e;
                sum += e;
            }
        }
        float lse = (float) (max + Math.log(sum));
        if (log) {
            // y still holds the exps; log-softmax needs x - lse (x unchanged unless in place)
            if (x == y) throw new IllegalStateException("in-place log-softmax");
            for (int c = 0; c < cols; c++) y[b + c] = x[b + c] - lse;
        } else {
            float inv = (float) (1.0 / sum);
            if (VectorSupport.AVAILABLE) CpuVector.scale(y, b, inv, cols);
            else for (int c = 0; c < cols; c++) y[b + c] *= inv;
        }
        return lse;
    }

    static void softmaxBackward(float[] y, float[] gy, float[] gx, int rows, int cols, boolean log) {
        Parallel.forRange(rows, Math.max(1, 4096 / Math.max(1, cols)), (lo, hi) -> {
            for (int r = lo; r < hi; r++) {
                int b = r * cols;
                double dot = 0;
                if (log) {
                    for (int c = 0; c < cols; c++) dot += gy[b + c];
                    for (int c = 0; c < cols; c++) gx[b + c] = (float) (gy[b + c] - Math.exp(y[b + c]) * dot);
                } else {
                    for (int c = 0; c < cols; c++) dot += (double) gy[b + c] * y[b + c];
                    for (int c = 0; c < cols; c++) gx[b + c] = (float) (y[b + c] * (gy[b + c] - dot));
                }
            }
        });
    }

    static void layerNorm(float[] x, float[] w, float[] bias, float[] y, float[] mean, float[] rstd, int rows, int cols, float eps) {
        Parallel.forRange(rows, Math.max(1, 8192 / Math.max(1, cols)), (lo, hi) -> {
            for (int r = lo; r < hi; r++) {
                int b = r * cols;
                double s = 0;
                for (int c = 0; c < cols; c++) s += x[b + c];
                double mu = s / cols;
                double v = 0;
                for (int c = 0; c < cols; c++) {
                    double d = x[b + c] - mu;
                    v += d * d;
                }
                double rs = 1.0 / Math.sqrt(v / cols + eps);
                mean[r] = (float) mu;
                rstd[r] = (float) rs;
                float m = (float) mu, q = (float) rs;
                for (int c = 0; c < cols; c++) {
                    float h = (x[b + c] - m) * q;
                    y[b + c] = (w == null ? h : h * w[c]) + (bias == null ? 0f : bias[c]);
                }
            }
        });
    }

    static void layerNormBackward(float[] x, float[] w, float[] mean, float[] rstd, float[] gy,
                                  float[] gx, float[] gw, float[] gb, int rows, int cols) {
        // gx per row; gw/gb are column sums, accumulated per chunk then added up in chunk order (deterministic).
        int chunks = Math.max(1, Math.min(Parallel.threads() * 4, rows));
        double[][] pw = new double[chunks][], pb = new double[chunks][];
        Parallel.forRange(chunks, 1, (clo, chi) -> {
            for (int ch = clo; ch < chi; ch++) {
                int lo = (int) ((long) rows * ch / chunks), hi = (int) ((long) rows * (ch + 1) / chunks);
                double[] aw = gw == null ? null : new double[cols], ab = gb == null ? null : new double[cols];
                for (int r = lo; r < hi; r++) {
                    int b = r * cols;
                    float m = mean[r], q = rstd[r];
                    double sg = 0, sgh = 0;
                    for (int c = 0; c < cols; c++) {
                        float h = (x[b + c] - m) * q;
                        float g = gy[b + c] * (w == null ? 1f : w[c]);
                        sg += g;
                        sgh += (double) g * h;
                        if (aw != null) aw[c] += (double) gy[b + c] * h;
                        if (ab != null) ab[c] += gy[b + c];
                    }
                    float mg = (float) (sg / cols), mgh = (float) (sgh / cols);
                    for (int c = 0; c < cols; c++) {
                        float h = (x[b + c] - m) * q;
                        float g = gy[b + c] * (w == null ? 1f : w[c]);
                        gx[b + c] = q * (g - mg - h * mgh);
                    }
                }
                pw[ch] = aw;
                pb[ch] = ab;
            }
        });
        for (int c = 0; c < cols; c++) {
            double sw = 0, sb = 0;
            for (int ch = 0; ch < chunks; ch++) {
                if (gw != null) sw += pw[ch][c];
                if (gb != null) sb += pb[ch][c];
            }
            if (gw != null) gw[c] = (float) sw;
            if (gb != null) gb[c] = (float) sb;
        }
    }
}
