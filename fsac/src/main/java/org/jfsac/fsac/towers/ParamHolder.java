package org.jfsac.fsac.towers;

import org.jfsac.core.backend.Backend;
import org.jfsac.core.nn.Module;
import org.jfsac.core.tensor.Tensor;

/** A module that only names parameters (conv1, whose convolution is done as unfold + GEMM). */
final class ParamHolder extends Module {
    ParamHolder(Backend backend) { super(backend); }

    Tensor add(String name, Tensor value) { return param(name, value); }
}
