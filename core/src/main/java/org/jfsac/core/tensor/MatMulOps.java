package org.jfsac.core.tensor;

import org.jfsac.core.backend.Backend;

import java.util.Arrays;

/**
 * Matrix products with NumPy semantics (batch broadcasting, 1-D operands). Transposed and permuted
 * operands are passed to GEMM as transpose flags and leading dimensions, so {@code x.matmul(w.mT())}
 * copies nothing.
 */
final class MatMulOps {
    private MatMulOps() {}

    /**
     * Whether a linear layer over x [S, ..., in] runs one GEMM per index of x's first dimension (default) or one
     * GEMM over all S·… rows ({@code -Djfsac.gemm.perSample=false}). Why per sample: OpenBLAS rounds a row of C
     * differently depending on how many rows share the call (other kernels for leftover rows, thread splits by
     * shape), but for one call shape and thread count it is deterministic; so with one call of the same shape per
     * sample, an image's activations get the same bits whether it is encoded alone or among others. Read at each
     * call, so a benchmark can compare both in one JVM.
     */
    static boolean perSample() {
        return !"false".equalsIgnoreCase(System.getProperty("jfsac.gemm.perSample", "true").trim());
    }

    /** x [..., k] as {@code samples} GEMMs of {@code rows} rows each. */
    private record Split(int samples, int rows) {}

    /** One GEMM per index of x's first dimension when x has 3 or more dimensions and {@link #perSample}; else one GEMM. */
    private static Split split(Tensor x) {
        boolean each = x.dim() > 2 && perSample();
        int rows = 1;
        for (int d = each ? 1 : 0; d < x.dim() - 1; d++) rows *= x.shape[d];
        return new Split(each ? x.shape[0] : 1, rows);
    }

    /** A GEMM operand: the (possibly copied) tensor, transpose flag, leading dimension, batch stride. */
    private record Operand(Tensor t, boolean trans, int ld, int batchStride) {}

    private static Operand operand(Tensor x, int nb) {
        Operand o = tryOperand(x, nb);
        if (o == null) o = tryOperand(Tensor.empty(x.backend(), x.shape).copyFrom(x), nb);
        return o;
    }

    private static Operand tryOperand(Tensor x, int nb) {
        int r = x.shape[nb], c = x.shape[nb + 1], sr = x.strides[nb], sc = x.strides[nb + 1];
        int bs = batchStride(x, nb);
        if (bs < 0) return null;
        if (c == 1 || sc == 1) {
            int ld = r == 1 ? Math.max(c, 1) : sr;
            if (ld >= Math.max(1, c)) return new Operand(x, false, ld, bs);
        }
        if (r == 1 || sr == 1) {
            int ld = c == 1 ? Math.max(r, 1) : sc;
            if (ld >= Math.max(1, r)) return new Operand(x, true, ld, bs);
        }
        return null;
    }

    /** One stride that steps through all batch dimensions in order, or -1 if the layout has none. */
    private static int batchStride(Tensor x, int nb) {
        int prev = -1, stride = 0;
        for (int d = nb - 1; d >= 0; d--) {
            if (x.shape[d] == 1) continue;
            if (prev < 0) stride = x.strides[d];
            else if (x.strides[d] != x.strides[prev] * x.shape[prev]) return -1;
            prev = d;
        }
        return stride;
    }

    static Tensor matmul(Tensor a, Tensor b) {
        ElementwiseOps.sameDevice("matmul", a, b);
        if (a.dim() == 0 || b.dim() == 0) throw new IllegalArgumentException("matmul: scalars not allowed, got " + Shapes.str(a.shape) + " and " + Shapes.str(b.shape));
        if (a.dim() == 1 && b.dim() == 1) return matmul(a.unsqueeze(0), b.unsqueeze(1)).reshape(); // dot product: 0-dim
        if (a.dim() == 1) return matmul(a.unsqueeze(0), b).squeeze(-2);
        if (b.dim() == 1) return matmul(a, b.unsqueeze(1)).squeeze(-1);
        int m = a.shape[a.dim() - 2], k = a.shape[a.dim() - 1], k2 = b.shape[b.dim() - 2], n = b.shape[b.dim() - 1];
        if (k != k2) throw new IllegalArgumentException("matmul: shapes " + Shapes.str(a.shape) + " and " + Shapes.str(b.shape) + " do not match (" + k + " vs " + k2 + ")");
        Split split = b.dim() == 2 && a.dim() > 2 && a.isContiguous() ? split(a) : null;
        if (split != null && !Arrays.equals(a.shape, new int[]{split.samples, split.rows, k})) {
            // Linear-layer case: the dimensions between the first and the last become rows, and each index of the
            // first (the sample) gets its own GEMM of the same shape (perSample; strided batch with the weight's
            // batch stride 0). The backward's grad wrt a is again this case (per sample); grad wrt b is one GEMM over
            // all rows (gradB), a sum over samples anyway.
            int[] outShape = a.shape.clone();
            outShape[outShape.length - 1] = n;
            return matmul(a.reshape(split.samples, split.rows, k), b).reshape(outShape);
        }
        int[] ab = Arrays.copyOf(a.shape, a.dim() - 2), bb = Arrays.copyOf(b.shape, b.dim() - 2);
        int[] batch = Shapes.broadcast("matmul", ab, bb);
        int nb = batch.length, batchN = Shapes.numel(batch);
        Tensor ae = a.detach().expand(concat(batch, m, k)), be = b.detach().expand(concat(batch, k, n));
        Operand oa = operand(ae, nb), ob = operand(be, nb);
        Backend dev = a.backend();
        int[] outShape = concat(batch, m, n);
        Tensor out = Tensor.empty(dev, outShape);
        dev.gemm(oa.trans, ob.trans, m, n, k, 1f, oa.t.storage.buffer, oa.t.offset, oa.ld, oa.batchStride,
                ob.t.storage.buffer, ob.t.offset, ob.ld, ob.batchStride, 0f, out.storage.buffer, 0, n, m * n, batchN);
        return Autograd.record("matmul", out, g -> new Tensor[]{
                a.requiresGrad ? ReduceOps.sumTo(g.matmul(b.mT()), a.shape) : null,
                b.requiresGrad ? gradB(a, b, g) : null}, a, b);
    }

    /**
     * y = x W^T + b: the bias is broadcast into the output first and the GEMM accumulates onto it (beta = 1),
     * saving a pass over the output. x [..., in], weight [out, in] (any strides), bias [out] or null. x of 3 or more
     * dimensions runs one GEMM per index of its first dimension ({@link #perSample}); so does the backward's grad wrt
     * x (through matmul's linear-layer case), which keeps input-gradient saliency per image; grad wrt weight and
     * bias sum over all rows of all samples and stay one GEMM / one reduction.
     */
    static Tensor linear(Tensor x, Tensor weight, Tensor bias) {
        ElementwiseOps.sameDevice("linear", x, weight);
        if (weight.dim() != 2 || x.dim() < 1 || x.shape[x.dim() - 1] != weight.shape[1])
            throw new IllegalArgumentException("linear: input " + Shapes.str(x.shape) + " and weight " + Shapes.str(weight.shape) + " do not match");
        int in = weight.shape[1], outF = weight.shape[0];
        if (bias != null && (bias.dim() != 1 || bias.shape[0] != outF))
            throw new IllegalArgumentException("linear: bias " + Shapes.str(bias.shape) + " for weight " + Shapes.str(weight.shape));
        Split s = split(x);
        int samples = s.samples, rows = s.rows;
        Tensor x3 = x.reshape(samples, rows, in);
        Operand ox = operand(x3.detach(), 1), ow = operand(weight.detach().mT(), 0);
        Backend dev = x.backend();
        Tensor out = Tensor.empty(dev, samples, rows, outF);
        float beta = 0f;
        if (bias != null) {
            dev.copy(ElementwiseOps.broadcastView(bias, out.shape), out.view());
            beta = 1f;
        }
        dev.gemm(ox.trans, ow.trans, rows, outF, in, 1f, ox.t.storage.buffer, ox.t.offset, ox.ld, ox.batchStride,
                ow.t.storage.buffer, ow.t.offset, ow.ld, 0, beta, out.storage.buffer, 0, outF, rows * outF, samples);
        int[] outShape = x.shape.clone();
        outShape[outShape.length - 1] = outF;
        Tensor y = Autograd.record("linear", out, g -> new Tensor[]{
                x3.requiresGrad ? g.matmul(weight) : null,
                weight.requiresGrad ? g.reshape(-1, outF).mT().matmul(x3.reshape(-1, in)) : null,
                bias != null && bias.requiresGrad ? g.reshape(-1, outF).sum(0, false) : null}, x3, weight, bias);
        return y.reshape(outShape);
    }

    private static Tensor gradB(Tensor a, Tensor b, Tensor g) {
        if (b.dim() == 2 && a.dim() > 2) {
            int k = a.shape[a.dim() - 1], n = g.shape[g.dim() - 1];
            return a.reshape(-1, k).mT().matmul(g.reshape(-1, n));
        }
        return ReduceOps.sumTo(a.mT().matmul(g), b.shape);
    }

    private static int[] concat(int[] batch, int r, int c) {
        int[] s = Arrays.copyOf(batch, batch.length + 2);
        s[batch.length] = r;
        s[batch.length + 1] = c;
        return s;
    }
}
