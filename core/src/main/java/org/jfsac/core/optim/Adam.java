package org.jfsac.core.optim;

import org.jfsac.core.tensor.Tensor;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Adam and AdamW with PyTorch's exact update (torch.optim.Adam / AdamW, amsgrad off), one fused backend
 * kernel per parameter: m = β1·m + (1-β1)·g; v = β2·v + (1-β2)·g²; p -= lr/(1-β1^t) · m / (sqrt(v)/sqrt(1-β2^t) + ε).
 * Adam adds wd·p to g; AdamW (decoupled) multiplies p by (1 - lr·wd) first.
 */
public final class Adam extends Optimizer {
    private final double beta1, beta2, eps;
    private final boolean decoupled;
    private final Map<Tensor, int[]> steps = new IdentityHashMap<>();

    public Adam(List<ParamGroup> groups, double beta1, double beta2, double eps, boolean decoupled) {
        super(groups);
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.decoupled = decoupled;
    }

    /** torch.optim.Adam defaults: betas (0.9, 0.999), eps 1e-8. */
    public static Adam adam(List<ParamGroup> groups) { return new Adam(groups, 0.9, 0.999, 1e-8, false); }

    /** torch.optim.AdamW defaults: betas (0.9, 0.999), eps 1e-8 (set weight decay per group, PyTorch's default is 0.01). */
    public static Adam adamW(List<ParamGroup> groups) { return new Adam(groups, 0.9, 0.999, 1e-8, true); }

    @Override protected void update(ParamGroup group, Tensor p, Tensor g) {
        Tensor[] s = state.computeIfAbsent(p, k -> new Tensor[]{k.zerosLike(), k.zerosLike()});
        int step = ++steps.computeIfAbsent(p, k -> new int[1])[0];
        Tensor gp = g.packed();
        p.backend().adamStep(p.buffer(), gp.buffer(), s[0].buffer(), s[1].buffer(), p.numel(), (float) group.lr(),
                (float) beta1, (float) beta2, (float) eps, (float) group.weightDecay(), decoupled, step);
    }
}
