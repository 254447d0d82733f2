package org.jfsac.core.cpu;

import org.jfsac.core.backend.View;

/**
 * Scaled dot-product attention per (batch, head): two BLAS GEMMs around a row softmax, so the CPU path
 * runs at GEMM speed. Only one Tq×Tk score block exists at a time; the backward pass recomputes the
 * probabilities from the saved log-sum-exp instead of storing them (as FlashAttention does).
 */
final class CpuAttention {
    private CpuAttention() {}

    /** Offset of head (b, h) in a [B, H, T, D] view. */
    private static int head(View v, int b, int h) {
        return v.offset() + b * v.strides()[0] + h * v.strides()[1];
    }

    private static void requireUnitLastStride(String name, View v) {
        if (v.strides()[3] != 1 && v.shape()[3] > 1)
            throw new IllegalArgumentException("attention: " + name + " must have unit stride in its last dimension, got " + v);
    }

    /** Fills s[Tq×Tk] with softmax probabilities (or scores when lse is to be computed) for one head. */
    private static void scores(float[] qd, int qo, int ldq, float[] kd, int ko, int ldk, int tq, int tk, int d,
                               float scale, float[] mask, boolean causal, float[] s) {
        CpuGemm.gemm(false, true, tq, tk, d, scale, qd, qo, ldq, 0, kd, ko, ldk, 0, 0f, s, 0, tk, 0, 1);
        if (mask != null || causal) {
            Parallel.forRange(tq, Math.max(1, 4096 / tk), (lo, hi) -> {
                for (int i = lo; i < hi; i++) {
                    int row = i * tk;
                    if (mask != null) for (int j = 0; j < tk; j++) s[row + j] += mask[row + j];
                    if (causal) for (int j = i + 1; j < tk; j++) s[row + j] = Float.NEGATIVE_INFINITY;
                }
            });
        }
    }

    static void forward(View q, View k, View v, View out, float[] lse, float[] mask, float scale, boolean causal) {
        requireUnitLastStride("q", q);
        requireUnitLastStride("k", k);
        requireUnitLastStride("v", v);
        requireUnitLastStride("out", out);
        int bsz = q.shape()[0], heads = q.shape()[1], tq = q.shape()[2], d = q.shape()[3], tk = k.shape()[2];
        float[] qd = CpuBuffer.of(q.buffer()), kd = CpuBuffer.of(k.buffer()), vd = CpuBuffer.of(v.buffer()), od = CpuBuffer.of(out.buffer());
        float[] s = new float[tq * tk];
        for (int b = 0; b < bsz; b++) {
            for (int h = 0; h < heads; h++) {
                int qo = head(q, b, h);
                int ko = head(k, b, h);
                int vo = head(v, b, h);
                int oo = head(out, b, h);
                int lo0 = (b * heads + h) * tq;
                scores(qd, qo, q.strides()[2], kd, ko, k.strides()[2], tq, tk, d, scale, mask, causal, s);
                Parallel.forRange(tq, Math.max(1, 4096 / tk), (lo, hi) -> {
                    for (int i = lo; i < hi; i++) {
                        int row = i * tk;
                        float l = CpuRows.softmaxRow(s, s, row, tk, false);
                        if (l == Float.NEGATIVE_INFINITY) java.util.Arrays.fill(s, row, row + tk, 0f); // fully masked row: zeros
                        lse[lo0 + i] = l;
                    }
                });
                CpuGemm.gemm(false, false, tq, d, tk, 1f, s, 0, tk, 0, vd, vo, v.strides()[2], 0, 0f, od, oo, out.strides()[2], 0, 1);
            }
        }
    }

    static void backward(View q, View k, View v, View out, float[] lse, View gout, float[] mask, float scale, boolean causal,
                         float[] gq, float[] gk, float[] gv) {
        requireUnitLastStride("gout", gout);
        int bsz = q.shape()[0], heads = q.shape()[1], tq = q.shape()[2], d = q.shape()[3], tk = k.shape()[2];
        float[] qd = CpuBuffer.of(q.buffer()), kd = CpuBuffer.of(k.buffer()), vd = CpuBuffer.of(v.buffer());
        float[] od = CpuBuffer.of(out.buffer()), gd = CpuBuffer.of(gout.buffer());
        float[] p = new float[tq * tk], dp = new float[tq * tk];
        for (int b = 0; b < bsz; b++) {
            for (int h = 0; h < heads; h++) {
                int qo = head(q, b, h);
                int ko = head(k, b, h);
                int vo = head(v, b, h);
                int oo = head(out, b, h);
                int go = head(gout, b, h);
                int ldo = out.strides()[2], ldg = gout.strides()[2];
                int lo0 = (b * heads + h) * tq;
                int qBase = (b * heads + h) * tq * d, kBase = (b * heads + h) * tk * d;
                scores(qd, qo, q.strides()[2], kd, ko, k.strides()[2], tq, tk, d, scale, mask, causal, p);
                // dP = dO V^T
                CpuGemm.gemm(false, true, tq, tk, d, 1f, gd, go, ldg, 0, vd, vo, v.strides()[2], 0, 0f, dp, 0, tk, 0, 1);
                Parallel.forRange(tq, Math.max(1, 4096 / tk), (lo, hi) -> {
                    for (int i = lo; i < hi; i++) {
                        int row = i * tk;
                        float l = lse[lo0 + i];
                        double di = 0;
                        for (int c = 0; c < d; c++) di += (double) gd[go + i * ldg + c] * od[oo + i * ldo + c];
                        float dd = (float) di;
                        if (l == Float.NEGATIVE_INFINITY) java.util.Arrays.fill(p, row, row + tk, 0f);
                        else if (VectorSupport.AVAILABLE) CpuVector.expShiftSum(p, row, l, p, row, tk);
                        else for (int j = 0; j < tk; j++) p[row + j] = (float) Math.exp(p[row + j] - l);
                        for (int j = 0; j < tk; j++) dp[row + j] = p[row + j] * (dp[row + j] - dd);
                    }
                });
                // dV = P^T dO, dQ = scale dS K, dK = scale dS^T Q
                CpuGemm.gemm(true, false, tk, d, tq, 1f, p, 0, tk, 0, gd, go, ldg, 0, 0f, gv, kBase, d, 0, 1);
                CpuGemm.gemm(false, false, tq, d, tk, scale, dp, 0, tk, 0, kd, ko, k.strides()[2], 0, 0f, gq, qBase, d, 0, 1);
                CpuGemm.gemm(true, false, tk, d, tq, scale, dp, 0, tk, 0, qd, qo, q.strides()[2], 0, 0f, gk, kBase, d, 0, 1);
            }
        }
    }
}
