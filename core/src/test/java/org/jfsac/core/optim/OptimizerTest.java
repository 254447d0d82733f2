package org.jfsac.core.optim;

import org.jfsac.core.tensor.Tensor;
import org.jfsac.core.testing.TorchReference;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * SGD (with and without momentum and weight decay), Adam (with L2 decay, other betas/eps) and AdamW
 * against torch.optim over three steps of L(p) = Σ c·p² + Σ d·p, whose gradient 2cp + d changes as p
 * moves (trajectories in reference/torch_reference.json, from make_torch_reference.py).
 *
 * <p>Tolerance 1e-6 absolute on parameters of magnitude ≤ 2: both sides compute in float32, where one
 * ulp at 2 is 2.4e-7; a step is ~10 float32 operations whose order may differ (PyTorch's addcdiv vs one
 * fused loop), and three steps accumulate a few ulps. Formula differences move parameters by more:
 * a missing bias correction or decoupled instead of coupled decay by ≥ 1e-3, and even the small L2
 * decay under Adam's normalisation (adam vs adam_l2) by up to 3e-5.
 */
class OptimizerTest {
    private static final double TOL = 1e-6;

    private record Problem(Tensor p, Tensor c, Tensor d) {
        static Problem fresh() {
            return new Problem(Tensor.of(TorchReference.floats("optim.p0"), 4).requiresGrad(true),
                    Tensor.of(TorchReference.floats("optim.c"), 4), Tensor.of(TorchReference.floats("optim.d"), 4));
        }

        Tensor loss() { return c.mul(p).mul(p).sum().add(d.mul(p).sum()); }
    }

    private static void assertTrajectory(String key, Function<List<ParamGroup>, Optimizer> make, double lr, double wd) {
        Problem pr = Problem.fresh();
        Optimizer opt = make.apply(List.of(new ParamGroup(List.of(pr.p), lr, wd)));
        for (int step = 0; step < 3; step++) {
            opt.zeroGrad();
            pr.loss().backward();
            opt.step();
            TorchReference.assertClose(key + " step " + (step + 1),
                    TorchReference.floats(TorchReference.get("optim." + key).getAsJsonArray().get(step).getAsJsonArray()), pr.p.toArray(), TOL);
        }
    }

    @Test
    void adamMatchesPyTorch() {
        assertTrajectory("adam", Adam::adam, 0.1, 0);
        assertTrajectory("adam_l2", Adam::adam, 0.1, 0.1);
        assertTrajectory("adam_betas", g -> new Adam(g, 0.8, 0.99, 1e-6, false), 0.05, 0);
    }

    @Test
    void adamWMatchesPyTorch() {
        assertTrajectory("adamw", Adam::adamW, 0.1, 0.1);
    }

    @Test
    void sgdMatchesPyTorch() {
        assertTrajectory("sgd", g -> new Sgd(g, 0), 0.1, 0);
        assertTrajectory("sgd_momentum", g -> new Sgd(g, 0.9), 0.1, 0);
        assertTrajectory("sgd_momentum_wd", g -> new Sgd(g, 0.9), 0.1, 0.01);
    }

    /**
     * Worked by hand: at step 1, m̂ = g and v̂ = g², so Adam moves every parameter by lr·g/(|g| + eps),
     * i.e. lr·sign(g) up to eps/|g| ≈ 1e-8. From p0 = (0.5, -1, 2, -0.3), g = 2cp + d = (1.1, -1.2, 8.3, -1.75).
     */
    @Test
    void adamFirstStepIsLrTimesSignOfGradient() {
        Problem pr = Problem.fresh();
        Optimizer opt = Adam.adam(List.of(new ParamGroup(List.of(pr.p), 0.1)));
        pr.loss().backward();
        opt.step();
        assertArrayEquals(new float[]{0.4f, -0.9f, 1.9f, -0.2f}, pr.p.toArray(), 2e-7f);
    }

    /** Two groups in one optimizer each use their own learning rate and weight decay. */
    @Test
    void paramGroupsKeepTheirOwnSettings() {
        Problem a = Problem.fresh(), b = Problem.fresh();
        Optimizer opt = Adam.adam(List.of(new ParamGroup(List.of(a.p), 0.1, 0), new ParamGroup(List.of(b.p), 0.1, 0.1)));
        for (int step = 0; step < 3; step++) {
            opt.zeroGrad();
            a.loss().add(b.loss()).backward();
            opt.step();
        }
        TorchReference.assertClose("group 1 (adam)", TorchReference.floats(TorchReference.get("optim.adam").getAsJsonArray().get(2).getAsJsonArray()), a.p.toArray(), TOL);
        TorchReference.assertClose("group 2 (adam_l2)", TorchReference.floats(TorchReference.get("optim.adam_l2").getAsJsonArray().get(2).getAsJsonArray()), b.p.toArray(), TOL);
    }

    @Test
    void stepSkipsParametersWithoutGradientAndZeroGradClears() {
        Problem pr = Problem.fresh();
        float[] before = pr.p.toArray();
        Optimizer opt = new Sgd(List.of(new ParamGroup(List.of(pr.p), 0.1)), 0.9);
        opt.step();
        assertArrayEquals(before, pr.p.toArray(), 0f);
        pr.loss().backward();
        opt.zeroGrad();
        assertNull(pr.p.grad());
    }

    @Test
    void rejectsNonLeafParameters() {
        Tensor leaf = Tensor.ones(2).requiresGrad(true);
        assertThrows(IllegalArgumentException.class, () -> Adam.adam(List.of(new ParamGroup(List.of(leaf.mul(2f)), 0.1))));
        assertThrows(IllegalArgumentException.class, () -> new Sgd(List.of(new ParamGroup(List.of(Tensor.ones(2)), 0.1)), 0));
    }
}
