package org.jfsac.core.optim;

import org.jfsac.core.tensor.Tensor;

import java.util.List;

/** Parameters that share a learning rate and weight decay (PyTorch's param_groups). */
public record ParamGroup(List<Tensor> params, double lr, double weightDecay) {
    public ParamGroup(List<Tensor> params, double lr) { this(params, lr, 0.0); }
}
