package org.jfsac.core.nn;

import org.jfsac.core.backend.Backend;
import org.jfsac.core.random.Rng;
import org.jfsac.core.tensor.Functional;
import org.jfsac.core.tensor.Tensor;

/** y = x W^T + b with PyTorch's [out, in] weight layout: one GEMM (reading W transposed) onto the broadcast bias. */
public final class Linear extends Module {
    public final Tensor weight;
    public final Tensor bias;

    /** PyTorch's default init: weight and bias uniform in ±1/sqrt(in). */
    public Linear(Backend backend, int in, int out, boolean bias, Rng rng) {
        super(backend);
        weight = param("weight", rng.linearDefault(backend, in, out, in));
        this.bias = bias ? param("bias", rng.linearDefault(backend, in, out)) : null;
    }

    public Tensor forward(Tensor x) { return Functional.linear(x, weight, bias); }
}
