package org.jfsac.core.optim;

import org.jfsac.core.tensor.GradMode;
import org.jfsac.core.tensor.Tensor;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/** Base of optimizers: parameter groups, per-parameter state, zero-grad. */
public abstract class Optimizer {
    protected final List<ParamGroup> groups;
    protected final Map<Tensor, Tensor[]> state = new IdentityHashMap<>();

    protected Optimizer(List<ParamGroup> groups) {
        for (ParamGroup g : groups)
            for (Tensor p : g.params())
                if (!p.isLeaf() || !p.requiresGrad()) throw new IllegalArgumentException("optimizer parameters must be leaves that require grad: " + p);
        this.groups = List.copyOf(groups);
    }

    public List<ParamGroup> groups() { return groups; }

    /** Clears the gradients of every parameter. */
    public void zeroGrad() {
        for (ParamGroup g : groups) for (Tensor p : g.params()) p.zeroGrad();
    }

    /** Applies one update to every parameter that has a gradient. */
    public final void step() {
        try (GradMode ng = GradMode.noGrad()) {
            for (ParamGroup g : groups) for (Tensor p : g.params()) if (p.grad() != null) update(g, p, p.grad());
        }
    }

    protected abstract void update(ParamGroup group, Tensor param, Tensor grad);
}
