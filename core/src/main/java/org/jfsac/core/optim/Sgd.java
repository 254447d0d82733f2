package org.jfsac.core.optim;

import org.jfsac.core.tensor.Tensor;

import java.util.List;

/** PyTorch's SGD: g += wd·p; buf = μ·buf + g (buf = g at the first step); p -= lr·buf. */
public final class Sgd extends Optimizer {
    private final double momentum;

    public Sgd(List<ParamGroup> groups, double momentum) {
        super(groups);
        this.momentum = momentum;
    }

    @Override protected void update(ParamGroup group, Tensor p, Tensor g) {
        if (group.weightDecay() != 0) g = g.add(p.mul((float) group.weightDecay()));
        Tensor step = g;
        if (momentum != 0) {
            Tensor[] s = state.get(p);
            Tensor buf = s == null ? g.contiguous() : s[0].mul((float) momentum).add(g);
            state.put(p, new Tensor[]{buf});
            step = buf;
        }
        p.assign(p.sub(step.mul((float) group.lr())));
    }
}
