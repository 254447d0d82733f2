package org.jfsac.core.nn;

import org.apache.commons.math3.special.Erf;
import org.jfsac.core.backend.Backend;
import org.jfsac.core.backend.Devices;
import org.jfsac.core.random.Rng;
import org.jfsac.core.tensor.Tensor;
import org.jfsac.core.testing.GradCheck;
import org.jfsac.core.testing.Nd;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.jfsac.core.testing.GradCheck.uniform;

/**
 * The layers end to end: output and the gradients of the input and of every parameter against a double
 * reference built from {@link Nd} (PyTorch's formulas: y = x Wᵀ + b; layer norm with biased variance;
 * packed in-projection, heads split by reshape/permute, softmax(q kᵀ/√d + mask)·v, out-projection).
 * Tolerances are GradCheck's defaults: the longest chain is multi-head attention, about four GEMMs and a
 * softmax deep with inner dimensions ≤ 24, within the bound argued there.
 */
class NnGradTest {
    private static final Backend CPU = Devices.cpu();

    private static Nd linear(Nd x, Nd w, Nd b) {
        Nd y = x.matmul(w.mT());
        return b == null ? y : y.add(b);
    }

    /** Parameters start as PyTorch does (e.g. zero biases); random values make every term matter. */
    private static void randomise(Module m, long seed) {
        Rng rng = new Rng(seed);
        for (Tensor p : m.parameters()) p.assign(rng.uniform(CPU, -0.8, 0.8, p.shape()));
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2})
    void linear(long seed) {
        Linear l = new Linear(CPU, 5, 3, true, new Rng(seed));
        GradCheck.of("Linear(5, 3)", seed).input(2, 4, 5).parameter(l.weight).parameter(l.bias)
                .check(x -> l.forward(x.get(0)), x -> linear(x.get(0), x.get(1), x.get(2)));
        Linear noBias = new Linear(CPU, 4, 6, false, new Rng(seed));
        GradCheck.of("Linear(4, 6, no bias)", seed).input(3, 4).parameter(noBias.weight)
                .check(x -> noBias.forward(x.get(0)), x -> linear(x.get(0), x.get(1), null));
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2})
    void layerNorm(long seed) {
        LayerNorm ln = new LayerNorm(CPU, 6);
        randomise(ln, seed);
        GradCheck.of("LayerNorm(6)", seed).input(2, 3, 6).parameter(ln.weight).parameter(ln.bias)
                .check(x -> ln.forward(x.get(0)), x -> {
                    Nd xc = x.get(0).sub(x.get(0).mean(-1, true));
                    Nd var = xc.mul(xc).mean(-1, true);
                    return xc.div(var.add(1e-5f).sqrt()).mul(x.get(1)).add(x.get(2));
                });
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2})
    void mlp(long seed) {
        Mlp mlp = new Mlp(CPU, 4, 7, 3, Activation.GELU, new Rng(seed));
        List<Tensor> ps = mlp.parameters(); // c_fc.weight, c_fc.bias, c_proj.weight, c_proj.bias
        GradCheck.of("Mlp(4, 7, 3, GELU)", seed).input(2, 3, 4).parameter(ps.get(0)).parameter(ps.get(1)).parameter(ps.get(2)).parameter(ps.get(3))
                .check(x -> mlp.forward(x.get(0)), x -> {
                    Nd h = linear(x.get(0), x.get(1), x.get(2)).map(v -> 0.5 * v * (1 + Erf.erf(v / Math.sqrt(2))));
                    return linear(h, x.get(3), x.get(4));
                });
    }

    /** PyTorch's nn.MultiheadAttention forward (batch first) in double. */
    static Nd multiheadAttention(Nd x, Nd inW, Nd inB, Nd outW, Nd outB, int heads, Nd mask, boolean causal) {
        int b = x.size(0), t = x.size(1), c = x.size(2), d = c / heads;
        Nd qkv = linear(x, inW, inB);
        Nd[] parts = new Nd[3];
        for (int i = 0; i < 3; i++) parts[i] = qkv.narrow(2, i * c, c).reshape(b, t, heads, d).permute(0, 2, 1, 3);
        Nd raw = parts[0].matmul(parts[1].mT()).mul((float) (1 / Math.sqrt(d)));
        Nd s = mask == null ? raw : raw.add(mask);
        Nd scores = causal ? Nd.generate(s.shape(), i -> i[3] > i[2] ? Double.NEGATIVE_INFINITY : s.get(i)) : s;
        Nd o = scores.softmax(-1).matmul(parts[2]).permute(0, 2, 1, 3).reshape(b, t, c);
        return linear(o, outW, outB);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2})
    void multiheadAttention(long seed) {
        MultiheadAttention mha = new MultiheadAttention(CPU, 8, 2, new Rng(seed));
        randomise(mha, seed);
        List<Tensor> ps = mha.parameters(); // in_proj_weight, in_proj_bias, out_proj.weight, out_proj.bias
        GradCheck.of("MultiheadAttention(8, 2)", seed).input(2, 4, 8).parameter(ps.get(0)).parameter(ps.get(1)).parameter(ps.get(2)).parameter(ps.get(3))
                .check(x -> mha.forward(x.get(0), null, false),
                        x -> multiheadAttention(x.get(0), x.get(1), x.get(2), x.get(3), x.get(4), 2, null, false));
        GradCheck.of("MultiheadAttention(8, 2) causal + mask", seed).input(2, 4, 8).parameter(ps.get(0)).parameter(ps.get(1)).parameter(ps.get(2)).parameter(ps.get(3))
                .constant(new int[]{4, 4}, uniform(-1, 1))
                .check(x -> mha.forward(x.get(0), x.get(5), true),
                        x -> multiheadAttention(x.get(0), x.get(1), x.get(2), x.get(3), x.get(4), 2, x.get(5), true));
    }
}
