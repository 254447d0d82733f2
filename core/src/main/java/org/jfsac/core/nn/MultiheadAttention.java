package org.jfsac.core.nn;

import org.jfsac.core.backend.Backend;
import org.jfsac.core.random.Rng;
import org.jfsac.core.tensor.Functional;
import org.jfsac.core.tensor.Tensor;

/**
 * nn.MultiheadAttention (batch first) with PyTorch's packed {@code in_proj_weight} [3C, C],
 * {@code in_proj_bias} [3C] and {@code out_proj}. Q, K and V are three GEMMs against row windows of the
 * packed weight (views, no copies), heads are split by a permuted view, and attention is one fused op.
 */
public final class MultiheadAttention extends Module {
    public final Tensor inProjWeight;
    public final Tensor inProjBias;
    public final Linear outProj;
    private final int dim;
    private final int heads;

    public MultiheadAttention(Backend backend, int dim, int heads, Rng rng) {
        super(backend);
        if (dim % heads != 0) throw new IllegalArgumentException("width " + dim + " is not divisible by " + heads + " heads");
        this.dim = dim;
        this.heads = heads;
        inProjWeight = param("in_proj_weight", rng.xavierNormal(backend, 3 * dim, dim));
        inProjBias = param("in_proj_bias", Tensor.zeros(backend, 3 * dim));
        outProj = child("out_proj", new Linear(backend, dim, dim, true, rng));
    }

    public int heads() { return heads; }

    private Tensor project(Tensor x, int which) {
        int b = x.size(0), t = x.size(1), d = dim / heads;
        Tensor w = inProjWeight.narrow(0, which * dim, dim), bias = inProjBias.narrow(0, which * dim, dim);
        return Functional.linear(x, w, bias).reshape(b, t, heads, d).permute(0, 2, 1, 3);
    }

    /** Self-attention of x [B, T, C]; mask an additive [T, T] tensor or null. */
    public Tensor forward(Tensor x, Tensor mask, boolean causal) {
        int b = x.size(0), t = x.size(1);
        float scale = (float) (1.0 / Math.sqrt(dim / heads));
        Tensor o = Functional.attention(project(x, 0), project(x, 1), project(x, 2), mask, causal, scale);
        return outProj.forward(o.permute(0, 2, 1, 3).reshape(b, t, dim));
    }
}
