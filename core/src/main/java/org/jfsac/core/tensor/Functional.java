package org.jfsac.core.tensor;

import org.jfsac.core.random.Rng;

/** Composite ops and losses built from the primitives. */
public final class Functional {
    private Functional() {}

    /**
     * Scaled dot-product attention, q [B,H,Tq,D], k/v [B,H,Tk,D]; mask an additive [Tq,Tk] tensor or
     * null; causal removes keys after each query. Returns [B,H,Tq,D] (a permuted view of [B,Tq,H,D]).
     */
    public static Tensor attention(Tensor q, Tensor k, Tensor v, Tensor mask, boolean causal, float scale) {
        return AttentionOp.sdpa(q, k, v, mask, causal, scale);
    }

    /**
     * y = x W^T + b (PyTorch's F.linear) as GEMM onto the broadcast bias; bias may be null. x with 3 or more
     * dimensions runs one GEMM per index of its first dimension (the sample), so a sample's result does not depend
     * on the others ({@code -Djfsac.gemm.perSample}, core/README.md).
     */
    public static Tensor linear(Tensor x, Tensor weight, Tensor bias) {
        return MatMulOps.linear(x, weight, bias);
    }

    /**
     * a [N, k] · b [k, n] with each row of a as its own product (one GEMM of one row per row, a strided batch), so
     * a row's result does not depend on N or on the other rows: for products whose rows are images (an embedding's
     * projection, a similarity to prototypes), where one GEMM over all rows would round an image's row differently
     * with the batch on BLAS libraries that pick kernels by shape. Follows {@code -Djfsac.gemm.perSample} (false:
     * one GEMM). Returns [N, n].
     */
    public static Tensor rowwiseMatmul(Tensor a, Tensor b) {
        if (a.dim() != 2 || b.dim() != 2)
            throw new IllegalArgumentException("rowwiseMatmul: expects 2-D operands, got " + Shapes.str(a.shape) + " and " + Shapes.str(b.shape));
        return a.unsqueeze(1).matmul(b).squeeze(1);
    }

    /** Mean cross-entropy of logits [N, C] against class indices (PyTorch's F.cross_entropy). */
    public static Tensor crossEntropy(Tensor logits, int[] targets) {
        if (logits.dim() != 2 || logits.size(0) != targets.length)
            throw new IllegalArgumentException("crossEntropy: logits " + Shapes.str(logits.shape) + " for " + targets.length + " targets");
        int n = targets.length, c = logits.size(1);
        float[] oneHot = new float[n * c];
        for (int i = 0; i < n; i++) {
            if (targets[i] < 0 || targets[i] >= c) throw new IndexOutOfBoundsException("crossEntropy: target " + targets[i] + " out of range [0, " + c + ")");
            oneHot[i * c + targets[i]] = 1f;
        }
        Tensor picked = logits.logSoftmax(1).mul(logits.newTensor(oneHot, n, c)).sum();
        return picked.mul(-1f / n);
    }

    /**
     * Mean binary cross-entropy of probabilities against targets in [0,1]. Like PyTorch, log terms are
     * clamped at -100 so that p = 0 or 1 gives a finite loss (and a finite, zero gradient there).
     */
    public static Tensor binaryCrossEntropy(Tensor p, Tensor target) {
        Tensor l = target.mul(clampedLog(p)).add(target.rsub(1f).mul(clampedLog(p.rsub(1f))));
        return l.mean().neg();
    }

    /**
     * max(ln x, -100). Zeros take a branch without gradient: through log they would get 0 · (1/0) = NaN
     * in the backward pass even though the clamp discards them.
     */
    private static Tensor clampedLog(Tensor x) {
        Tensor floor = Tensor.full(x.backend(), -100f), positive = x.gt(Tensor.zeros(x.backend()));
        Tensor safe = Tensor.where(positive, x, Tensor.full(x.backend(), 1f));
        return Tensor.where(positive, safe.log(), floor).maximum(floor);
    }

    /** Inverted dropout; identity when p == 0 or not training. */
    public static Tensor dropout(Tensor x, float p, boolean training, Rng rng) {
        if (p == 0f || !training) return x;
        if (p < 0f || p >= 1f) throw new IllegalArgumentException("dropout probability must be in [0, 1), got " + p);
        float[] mask = new float[x.numel()];
        float keep = 1f / (1f - p);
        for (int i = 0; i < mask.length; i++) mask[i] = rng.uniform() < p ? 0f : keep;
        return x.mul(x.newTensor(mask, x.shape));
    }
}
