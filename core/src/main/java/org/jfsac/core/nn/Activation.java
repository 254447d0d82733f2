package org.jfsac.core.nn;

import org.jfsac.core.tensor.Tensor;

/** The activations CLIP models use. */
public enum Activation {
    /** exact erf GELU (nn.GELU()) */
    GELU,
    /** x * sigmoid(1.702 x), OpenAI CLIP's approximation */
    QUICK_GELU,
    RELU;

    public Tensor apply(Tensor x) {
        return switch (this) {
            case GELU -> x.gelu();
            case QUICK_GELU -> x.quickGelu();
            case RELU -> x.relu();
        };
    }
}
