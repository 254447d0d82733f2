package org.jfsac.core.cpu;

import org.jfsac.core.backend.Backend;
import org.jfsac.core.backend.BinaryOp;
import org.jfsac.core.backend.Checks;
import org.jfsac.core.backend.Buffer;
import org.jfsac.core.backend.ReduceOp;
import org.jfsac.core.backend.UnaryOp;
import org.jfsac.core.backend.View;

/**
 * The reference backend: heap float arrays, GEMM through the system BLAS (netlib JNI → OpenBLAS when
 * installed), everything else in plain Java over the shared pool. Synchronous.
 */
public final class CpuBackend implements Backend {
    private static final CpuBackend INSTANCE = new CpuBackend();

    public static CpuBackend get() { return INSTANCE; }

    private CpuBackend() {}

    @Override public String name() { return "cpu"; }

    @Override public String describe() {
        return Parallel.threads() + " threads, GEMM: " + CpuGemm.provider() + ", exp/GELU/softmax: " + VectorSupport.DESCRIPTION;
    }

    // ---------------------------------------------------------------- memory

    @Override public Buffer allocate(int n) { return new CpuBuffer(new float[n]); }

    @Override public void upload(float[] src, int srcOffset, Buffer dst, int dstOffset, int n) {
        System.arraycopy(src, srcOffset, CpuBuffer.of(dst), dstOffset, n);
    }

    @Override public void download(Buffer src, int srcOffset, float[] dst, int dstOffset, int n) {
        System.arraycopy(CpuBuffer.of(src), srcOffset, dst, dstOffset, n);
    }

    @Override public void synchronize() {}

    @Override public void fill(View dst, float value) {
        Checks.view(dst, "fill destination");
        float[] d = CpuBuffer.of(dst.buffer());
        new StridedLoop(dst.shape(), new int[][]{dst.strides()}, new int[]{dst.offset()}).parallel((o, s, len) -> {
            int p = o[0], st = s[0];
            for (int i = 0; i < len; i++, p += st) d[p] = value;
        });
    }

    @Override public void copy(View src, View dst) {
        Checks.sameShape("copy", src, dst);
        Checks.view(src, "copy source");
        Checks.view(dst, "copy destination");
        float[] a = CpuBuffer.of(src.buffer()), d = CpuBuffer.of(dst.buffer());
        new StridedLoop(dst.shape(), new int[][]{src.strides(), dst.strides()}, new int[]{src.offset(), dst.offset()})
                .parallel((o, s, len) -> {
                    if (s[0] == 1 && s[1] == 1) {
                        System.arraycopy(a, o[0], d, o[1], len);
                        return;
                    }
                    int p = o[0], q = o[1];
                    for (int i = 0; i < len; i++, p += s[0], q += s[1]) d[q] = a[p];
                });
    }

    // ---------------------------------------------------------------- elementwise

    @Override public void unary(UnaryOp op, float param, View x, Buffer out) {
        Checks.view(x, "unary " + op + " input");
        Checks.range(out.size(), 0, x.numel(), "unary " + op + " output");
        float[] a = CpuBuffer.of(x.buffer()), d = CpuBuffer.of(out);
        int[] outStrides = View.contiguousStrides(x.shape());
        new StridedLoop(x.shape(), new int[][]{x.strides(), outStrides}, new int[]{x.offset(), 0})
                .parallel((o, s, len) -> CpuElementwise.unary(op, param, a, o[0], s[0], d, o[1], len));
    }

    @Override public void binary(BinaryOp op, View a, View b, Buffer out) {
        Checks.sameShape("binary " + op, a, b);
        Checks.view(a, "binary " + op + " input a");
        Checks.view(b, "binary " + op + " input b");
        Checks.range(out.size(), 0, a.numel(), "binary " + op + " output");
        float[] x = CpuBuffer.of(a.buffer()), y = CpuBuffer.of(b.buffer()), d = CpuBuffer.of(out);
        int[] outStrides = View.contiguousStrides(a.shape());
        new StridedLoop(a.shape(), new int[][]{a.strides(), b.strides(), outStrides}, new int[]{a.offset(), b.offset(), 0})
                .parallel((o, s, len) -> CpuElementwise.binary(op, x, o[0], s[0], y, o[1], s[1], d, o[2], len));
    }

    @Override public void where(View cond, View a, View b, Buffer out) {
        Checks.sameShape("where", cond, a);
        Checks.sameShape("where", a, b);
        Checks.view(cond, "where condition");
        Checks.view(a, "where input a");
        Checks.view(b, "where input b");
        Checks.range(out.size(), 0, a.numel(), "where output");
        float[] c = CpuBuffer.of(cond.buffer()), x = CpuBuffer.of(a.buffer()), y = CpuBuffer.of(b.buffer()), d = CpuBuffer.of(out);
        int[] outStrides = View.contiguousStrides(a.shape());
        new StridedLoop(a.shape(), new int[][]{cond.strides(), a.strides(), b.strides(), outStrides},
                new int[]{cond.offset(), a.offset(), b.offset(), 0}).parallel((o, s, len) -> {
            int pc = o[0], pa = o[1], pb = o[2], q = o[3];
            for (int i = 0; i < len; i++, pc += s[0], pa += s[1], pb += s[2], q++) d[q] = c[pc] != 0f ? x[pa] : y[pb];
        });
    }

    // ---------------------------------------------------------------- reductions and rows

    @Override public void reduce(ReduceOp op, Buffer x, int offset, int outer, int n, int inner, Buffer out) {
        Checks.reduce(op, x, offset, outer, n, inner, out);
        CpuRows.reduce(op, CpuBuffer.of(x), offset, outer, n, inner, CpuBuffer.of(out));
    }

    @Override public void softmax(Buffer x, Buffer y, int rows, int cols, boolean log) {
        Checks.rows(x, rows, cols, "softmax input");
        Checks.rows(y, rows, cols, "softmax output");
        CpuRows.softmax(CpuBuffer.of(x), CpuBuffer.of(y), rows, cols, log);
    }

    @Override public void softmaxBackward(Buffer y, Buffer gy, Buffer gx, int rows, int cols, boolean log) {
        Checks.rows(y, rows, cols, "softmax output");
        Checks.rows(gy, rows, cols, "softmax output gradient");
        Checks.rows(gx, rows, cols, "softmax input gradient");
        CpuRows.softmaxBackward(CpuBuffer.of(y), CpuBuffer.of(gy), CpuBuffer.of(gx), rows, cols, log);
    }

    @Override public void layerNorm(Buffer x, Buffer w, Buffer b, Buffer y, Buffer mean, Buffer rstd, int rows, int cols, float eps) {
        Checks.rows(x, rows, cols, "layerNorm input");
        Checks.rows(y, rows, cols, "layerNorm output");
        Checks.optionalRows(w, 1, cols, "layerNorm weight");
        Checks.optionalRows(b, 1, cols, "layerNorm bias");
        Checks.rows(mean, rows, 1, "layerNorm mean");
        Checks.rows(rstd, rows, 1, "layerNorm rstd");
        Checks.layerNormWidth(rows, cols, "layerNorm");
        CpuRows.layerNorm(CpuBuffer.of(x), w == null ? null : CpuBuffer.of(w), b == null ? null : CpuBuffer.of(b),
                CpuBuffer.of(y), CpuBuffer.of(mean), CpuBuffer.of(rstd), rows, cols, eps);
    }

    @Override public void layerNormBackward(Buffer x, Buffer w, Buffer mean, Buffer rstd, Buffer gy,
                                            Buffer gx, Buffer gw, Buffer gb, int rows, int cols) {
        Checks.rows(x, rows, cols, "layerNorm input");
        Checks.rows(gy, rows, cols, "layerNorm output gradient");
        Checks.rows(gx, rows, cols, "layerNorm input gradient");
        Checks.optionalRows(w, 1, cols, "layerNorm weight");
        Checks.rows(mean, rows, 1, "layerNorm mean");
        Checks.rows(rstd, rows, 1, "layerNorm rstd");
        Checks.optionalRows(gw, 1, cols, "layerNorm weight gradient");
        Checks.optionalRows(gb, 1, cols, "layerNorm bias gradient");
        Checks.layerNormWidth(rows, cols, "layerNormBackward");
        CpuRows.layerNormBackward(CpuBuffer.of(x), w == null ? null : CpuBuffer.of(w), CpuBuffer.of(mean), CpuBuffer.of(rstd),
                CpuBuffer.of(gy), CpuBuffer.of(gx), gw == null ? null : CpuBuffer.of(gw), gb == null ? null : CpuBuffer.of(gb),
                rows, cols);
    }

    // ---------------------------------------------------------------- matrix products, attention

    @Override public void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                               Buffer a, int aOff, int lda, int strideA, Buffer b, int bOff, int ldb, int strideB,
                               float beta, Buffer c, int cOff, int ldc, int strideC, int batch) {
        Checks.gemm(transA, transB, m, n, k, a, aOff, lda, strideA, b, bOff, ldb, strideB, c, cOff, ldc, strideC, batch);
        CpuGemm.gemm(transA, transB, m, n, k, alpha, CpuBuffer.of(a), aOff, lda, strideA,
                CpuBuffer.of(b), bOff, ldb, strideB, beta, CpuBuffer.of(c), cOff, ldc, strideC, batch);
    }

    @Override public void attention(View q, View k, View v, View out, Buffer lse, Buffer mask, float scale, boolean causal) {
        Checks.attentionKeys(q, k, "attention");
        CpuAttention.forward(q, k, v, out, CpuBuffer.of(lse), mask == null ? null : CpuBuffer.of(mask), scale, causal);
    }

    @Override public void attentionBackward(View q, View k, View v, View out, Buffer lse, View gout, Buffer mask,
                                            float scale, boolean causal, Buffer gq, Buffer gk, Buffer gv) {
        Checks.attentionKeys(q, k, "attentionBackward");
        CpuAttention.backward(q, k, v, out, CpuBuffer.of(lse), gout, mask == null ? null : CpuBuffer.of(mask), scale, causal,
                CpuBuffer.of(gq), CpuBuffer.of(gk), CpuBuffer.of(gv));
    }

    // ---------------------------------------------------------------- indexing, optimizer

    @Override public void gatherRows(Buffer table, int[] idx, int cols, Buffer out) {
        float[] t = CpuBuffer.of(table), o = CpuBuffer.of(out);
        Checks.indices("gatherRows", idx, cols, t.length);
        Checks.rows(out, idx.length, cols, "gatherRows output");
        for (int r = 0; r < idx.length; r++) {
            System.arraycopy(t, idx[r] * cols, o, r * cols, cols);
        }
    }

    @Override public void scatterAddRows(Buffer grad, int[] idx, int cols, Buffer tableGrad) {
        float[] g = CpuBuffer.of(grad), t = CpuBuffer.of(tableGrad);
        Checks.indices("scatterAddRows", idx, cols, t.length);
        Checks.rows(grad, idx.length, cols, "scatterAddRows gradient");
        for (int r = 0; r < idx.length; r++) {
            int base = idx[r] * cols, src = r * cols;
            for (int c = 0; c < cols; c++) t[base + c] += g[src + c];
        }
    }

    @Override public void adamStep(Buffer param, Buffer grad, Buffer m, Buffer v, int n, float lr, float beta1, float beta2,
                                   float eps, float weightDecay, boolean decoupled, int step) {
        float[] p = CpuBuffer.of(param), g = CpuBuffer.of(grad), mm = CpuBuffer.of(m), vv = CpuBuffer.of(v);
        // PyTorch (foreach=False) order of operations, in float32 like PyTorch.
        float bc1 = 1f - (float) Math.pow(beta1, step);
        float bc2 = 1f - (float) Math.pow(beta2, step);
        float stepSize = lr / bc1;
        float bc2Sqrt = (float) Math.sqrt(bc2);
        Parallel.forRange(n, 1 << 14, (lo, hi) -> {
            for (int i = lo; i < hi; i++) {
                float gi = g[i];
                if (decoupled) p[i] *= 1f - lr * weightDecay;
                else if (weightDecay != 0f) gi += weightDecay * p[i];
                mm[i] = mm[i] + (gi - mm[i]) * (1f - beta1);
                vv[i] = vv[i] * beta2 + (1f - beta2) * gi * gi;
                float denom = (float) Math.sqrt(vv[i]) / bc2Sqrt + eps;
                p[i] -= stepSize * mm[i] / denom;
            }
        });
    }
}
