package org.jfsac.core.backend.conformance;

import org.apache.commons.math3.special.Erf;
import org.jfsac.core.backend.BinaryOp;
import org.jfsac.core.backend.ReduceOp;
import org.jfsac.core.backend.UnaryOp;

/**
 * Double-precision reference of every {@link org.jfsac.core.backend.Backend} op, written from the contract's
 * formulas (the Javadoc of Backend, UnaryOp, BinaryOp, ReduceOp) in plain loops over host arrays. It shares
 * no code with any backend: the CPU backend is checked against it like every other. Inputs are the float32
 * values the backend under test received; results are exact up to double rounding.
 */
public final class Reference {
    private Reference() {}

    /** The elements of a strided view of {@code data}, in row-major order of {@code shape}. */
    public static double[] view(float[] data, int[] shape, int[] strides, int offset) {
        int n = 1;
        for (int s : shape) n *= s;
        double[] out = new double[n];
        int[] idx = new int[shape.length];
        for (int i = 0; i < n; i++) {
            long p = offset;
            for (int d = 0; d < shape.length; d++) p += (long) idx[d] * strides[d];
            out[i] = data[(int) p];
            for (int d = shape.length - 1; d >= 0; d--) {
                if (++idx[d] < shape[d]) break;
                idx[d] = 0;
            }
        }
        return out;
    }

    public static double unary(UnaryOp op, double x, double p) {
        return switch (op) {
            case NEG -> -x;
            case EXP -> Math.exp(x);
            case LOG -> Math.log(x);
            case SQRT -> Math.sqrt(x);
            case TANH -> Math.tanh(x);
            case SIGMOID -> sigmoid(x);
            case GELU -> x * phi(x);
            case QUICK_GELU -> x * sigmoid(1.702 * x);
            case RELU -> x > 0 ? x : 0;
            case ABS -> Math.abs(x);
            case SIGN -> Math.signum(x);
            case ADD_SCALAR -> x + p;
            case MUL_SCALAR -> x * p;
            case POW_SCALAR -> Math.pow(x, p);
            case RDIV_SCALAR -> p / x;
            case RSUB_SCALAR -> p - x;
            case GT_SCALAR -> x > p ? 1 : 0;
            case IDENTITY -> x;
        };
    }

    public static double binary(BinaryOp op, double a, double b) {
        return switch (op) {
            case ADD -> a + b;
            case SUB -> a - b;
            case MUL -> a * b;
            case DIV -> a / b;
            case POW -> Math.pow(a, b);
            case MAX -> Math.max(a, b);
            case MIN -> Math.min(a, b);
            case GT -> a > b ? 1 : 0;
            case EQ -> a == b ? 1 : 0;
            case GELU_GRAD -> b * (phi(a) + a * Math.exp(-0.5 * a * a) / Math.sqrt(2 * Math.PI));
            case QUICK_GELU_GRAD -> {
                double s = sigmoid(1.702 * a);
                yield b * (s + 1.702 * a * s * (1 - s));
            }
            case TANH_GRAD -> b * (1 - a * a);
            case SIGMOID_GRAD -> b * a * (1 - a);
            case RELU_GRAD -> a > 0 ? b : 0;
        };
    }

    private static double sigmoid(double x) { return 1 / (1 + Math.exp(-x)); }

    /** The standard normal CDF, from commons-math's erfc (independent of the backends' erfc fit). */
    private static double phi(double x) { return 0.5 * Erf.erfc(-x / Math.sqrt(2)); }

    /** [outer, n, inner] at offset reduced over n: SUM; MAX/MIN propagate NaN; ARGMAX the first strict maximum. */
    public static double[] reduce(ReduceOp op, float[] x, int offset, int outer, int n, int inner) {
        double[] out = new double[outer * inner];
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                int base = offset + o * n * inner + i;
                double acc = op == ReduceOp.SUM ? 0 : x[base];
                int arg = 0;
                for (int j = 0; j < n; j++) {
                    double v = x[base + j * inner];
                    switch (op) {
                        case SUM -> acc += v;
                        case MAX -> acc = Double.isNaN(acc) || Double.isNaN(v) ? Double.NaN : Math.max(acc, v);
                        case MIN -> acc = Double.isNaN(acc) || Double.isNaN(v) ? Double.NaN : Math.min(acc, v);
                        case ARGMAX -> {
                            if (v > acc) { // NaN never wins, and nothing beats a NaN first element
                                acc = v;
                                arg = j;
                            }
                        }
                    }
                }
                out[o * inner + i] = op == ReduceOp.ARGMAX ? arg : acc;
            }
        }
        return out;
    }

    /** Softmax or log-softmax of each row; a row of only -inf gives NaN (PyTorch's rule). */
    public static double[] softmax(float[] x, int rows, int cols, boolean log) {
        double[] y = new double[rows * cols];
        for (int r = 0; r < rows; r++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < cols; c++) max = Math.max(max, x[r * cols + c]);
            double sum = 0;
            for (int c = 0; c < cols; c++) sum += Math.exp(x[r * cols + c] - max);
            for (int c = 0; c < cols; c++) {
                double v = x[r * cols + c] - max;
                y[r * cols + c] = log ? v - Math.log(sum) : Math.exp(v) / sum;
            }
        }
        return y;
    }

    /** softmax: gx = y (gy - sum(gy y)); log-softmax: gx = gy - exp(y) sum(gy). */
    public static double[] softmaxBackward(float[] y, float[] gy, int rows, int cols, boolean log) {
        double[] gx = new double[rows * cols];
        for (int r = 0; r < rows; r++) {
            double s = 0;
            for (int c = 0; c < cols; c++) s += log ? gy[r * cols + c] : (double) gy[r * cols + c] * y[r * cols + c];
            for (int c = 0; c < cols; c++) {
                int i = r * cols + c;
                gx[i] = log ? gy[i] - Math.exp(y[i]) * s : y[i] * (gy[i] - s);
            }
        }
        return gx;
    }

    /** Layer norm: {y, mean, rstd} with the biased variance; w, b may be null. */
    public static double[][] layerNorm(float[] x, float[] w, float[] b, int rows, int cols, double eps) {
        double[] y = new double[rows * cols], mean = new double[rows], rstd = new double[rows];
        for (int r = 0; r < rows; r++) {
            double s = 0;
            for (int c = 0; c < cols; c++) s += x[r * cols + c];
            double mu = s / cols, v = 0;
            for (int c = 0; c < cols; c++) v += (x[r * cols + c] - mu) * (x[r * cols + c] - mu);
            double rs = 1 / Math.sqrt(v / cols + eps);
            mean[r] = mu;
            rstd[r] = rs;
            for (int c = 0; c < cols; c++) {
                y[r * cols + c] = (x[r * cols + c] - mu) * rs * (w == null ? 1 : w[c]) + (b == null ? 0 : b[c]);
            }
        }
        return new double[][]{y, mean, rstd};
    }

    /** Layer-norm backward: {gx, gw, gb} from the saved mean and rstd. */
    public static double[][] layerNormBackward(float[] x, float[] w, float[] mean, float[] rstd, float[] gy, int rows, int cols) {
        double[] gx = new double[rows * cols], gw = new double[cols], gb = new double[cols];
        for (int r = 0; r < rows; r++) {
            double sg = 0, sgh = 0;
            for (int c = 0; c < cols; c++) {
                int i = r * cols + c;
                double xh = (x[i] - mean[r]) * (double) rstd[r], g = gy[i] * (w == null ? 1.0 : w[c]);
                sg += g;
                sgh += g * xh;
                gw[c] += gy[i] * xh;
                gb[c] += gy[i];
            }
            for (int c = 0; c < cols; c++) {
                int i = r * cols + c;
                double xh = (x[i] - mean[r]) * (double) rstd[r], g = gy[i] * (w == null ? 1.0 : w[c]);
                gx[i] = rstd[r] * (g - sg / cols - xh * sgh / cols);
            }
        }
        return new double[][]{gx, gw, gb};
    }

    /**
     * The whole C buffer after the strided batched GEMM of the contract: elements outside the C matrices keep
     * their value, and C is not read when beta is 0.
     */
    public static double[] gemm(boolean ta, boolean tb, int m, int n, int k, float alpha, float[] a, int aOff, int lda, int strideA,
                                float[] b, int bOff, int ldb, int strideB, float beta, float[] c, int cOff, int ldc, int strideC, int batch) {
        double[] out = new double[c.length];
        for (int i = 0; i < c.length; i++) out[i] = c[i];
        for (int p = 0; p < batch; p++) {
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double s = 0;
                    for (int l = 0; l < k; l++) {
                        double x = ta ? a[aOff + p * strideA + l * lda + i] : a[aOff + p * strideA + i * lda + l];
                        double y = tb ? b[bOff + p * strideB + j * ldb + l] : b[bOff + p * strideB + l * ldb + j];
                        s += x * y;
                    }
                    int ci = cOff + p * strideC + i * ldc + j;
                    out[ci] = alpha * s + (beta == 0f ? 0 : beta * (double) c[ci]);
                }
            }
        }
        return out;
    }

    /** One Adam (decoupled = false) or AdamW step on host copies, in double; returns {p, m, v}. */
    public static double[][] adam(double[] p, double[] g, double[] m, double[] v, float lr, float beta1, float beta2, float eps,
                                  float wd, boolean decoupled, int step) {
        double bc1 = 1 - Math.pow(beta1, step), bc2 = 1 - Math.pow(beta2, step);
        double[] np = p.clone(), nm = m.clone(), nv = v.clone();
        for (int i = 0; i < p.length; i++) {
            double gi = g[i];
            if (decoupled) np[i] *= 1 - (double) lr * wd;
            else gi += (double) wd * np[i];
            nm[i] = beta1 * nm[i] + (1 - (double) beta1) * gi;
            nv[i] = beta2 * nv[i] + (1 - (double) beta2) * gi * gi;
            np[i] -= lr / bc1 * nm[i] / (Math.sqrt(nv[i]) / Math.sqrt(bc2) + eps);
        }
        return new double[][]{np, nm, nv};
    }

    /** Scores of query row i of head bh: scale q.k + mask, keys after i removed when causal. */
    private static double[] scores(double[] q, double[] k, float[] mask, double scale, boolean causal, int bh, int i, int tq, int tk, int d) {
        double[] s = new double[tk];
        for (int j = 0; j < tk; j++) {
            double dot = 0;
            for (int e = 0; e < d; e++) dot += q[(bh * tq + i) * d + e] * k[(bh * tk + j) * d + e];
            s[j] = causal && j > i ? Double.NEGATIVE_INFINITY : scale * dot + (mask == null ? 0 : mask[i * tk + j]);
        }
        return s;
    }

    /** log sum exp(s); -inf for a row with no admissible key (all -inf). */
    private static double logSumExp(double[] s) {
        double max = Double.NEGATIVE_INFINITY, sum = 0;
        for (double v : s) max = Math.max(max, v);
        if (max == Double.NEGATIVE_INFINITY) return max;
        for (double v : s) sum += Math.exp(v - max);
        return max + Math.log(sum);
    }

    /** Probability of a score given the row's log-sum-exp: 0 throughout a row with no admissible key. */
    private static double prob(double s, double lse) {
        return lse == Double.NEGATIVE_INFINITY ? 0 : Math.exp(s - lse);
    }

    /**
     * Attention forward on contiguous [B*H, T, D] copies of q, k, v: {out as [B,H,Tq,D], lse as [B,H,Tq]}. A query
     * row with no admissible key (every score -inf) gets out = 0 and lse = -inf.
     */
    public static double[][] attention(double[] q, double[] k, double[] v, float[] mask, double scale, boolean causal,
                                       int bh, int tq, int tk, int d) {
        double[] out = new double[bh * tq * d], lse = new double[bh * tq];
        for (int h = 0; h < bh; h++) {
            for (int i = 0; i < tq; i++) {
                double[] s = scores(q, k, mask, scale, causal, h, i, tq, tk, d);
                double l = logSumExp(s);
                lse[h * tq + i] = l;
                for (int j = 0; j < tk; j++) {
                    double pj = prob(s[j], l);
                    for (int e = 0; e < d; e++) out[(h * tq + i) * d + e] += pj * v[(h * tk + j) * d + e];
                }
            }
        }
        return new double[][]{out, lse};
    }

    /** Attention backward from the output gradient gout ([B,H,Tq,D]): {gq, gk, gv}, contiguous [B,H,T,D]. */
    public static double[][] attentionBackward(double[] q, double[] k, double[] v, double[] gout, float[] mask, double scale,
                                               boolean causal, int bh, int tq, int tk, int d) {
        double[] gq = new double[bh * tq * d], gk = new double[bh * tk * d], gv = new double[bh * tk * d];
        for (int h = 0; h < bh; h++) {
            for (int i = 0; i < tq; i++) {
                double[] s = scores(q, k, mask, scale, causal, h, i, tq, tk, d);
                double l = logSumExp(s);
                double[] p = new double[tk], dp = new double[tk];
                double delta = 0;
                for (int j = 0; j < tk; j++) {
                    p[j] = prob(s[j], l);
                    for (int e = 0; e < d; e++) dp[j] += gout[(h * tq + i) * d + e] * v[(h * tk + j) * d + e];
                    delta += p[j] * dp[j];
                }
                for (int j = 0; j < tk; j++) {
                    double ds = p[j] * (dp[j] - delta) * scale;
                    for (int e = 0; e < d; e++) {
                        gq[(h * tq + i) * d + e] += ds * k[(h * tk + j) * d + e];
                        gk[(h * tk + j) * d + e] += ds * q[(h * tq + i) * d + e];
                        gv[(h * tk + j) * d + e] += p[j] * gout[(h * tq + i) * d + e];
                    }
                }
            }
        }
        return new double[][]{gq, gk, gv};
    }
}
