package org.jfsac.core.nn;

import org.jfsac.core.backend.Backend;
import org.jfsac.core.random.Rng;
import org.jfsac.core.tensor.Tensor;

/** y = x W^T + b with PyTorch's [out, in] weight layout (W^T is a view: GEMM reads it transposed). */
public final class Linear extends Module {
    public final Tensor weight;
    public final Tensor bias;

    /** PyTorch's default init: weight and bias uniform in ±1/sqrt(in). */
    public Linear(Backend backend, int in, int out, boolean bias, Rng rng) {
        super(backend);
        weight = param("weight", rng.linearDefault(backend, in, out, in));
        this.bias = bias ? param("bias", rng.linearDefault(backend, in, out)) : null;
    }

    public Tensor forward(Tensor x) {
        Tensor y = x.matmul(weight.mT());
        return bias == null ? y : y.add(bias);
    }
}
