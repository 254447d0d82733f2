package org.jfsac.core.nn;

import org.jfsac.core.backend.Backend;
import org.jfsac.core.tensor.Tensor;

/** Layer norm over the last dimension, weight 1 and bias 0 at init, eps 1e-5 as in PyTorch. */
public final class LayerNorm extends Module {
    public final Tensor weight;
    public final Tensor bias;
    private final float eps;

    public LayerNorm(Backend backend, int dim) { this(backend, dim, 1e-5f); }

    public LayerNorm(Backend backend, int dim, float eps) {
        super(backend);
        weight = param("weight", Tensor.full(backend, 1f, dim));
        bias = param("bias", Tensor.zeros(backend, dim));
        this.eps = eps;
    }

    public Tensor forward(Tensor x) { return x.layerNorm(weight, bias, eps); }
}
