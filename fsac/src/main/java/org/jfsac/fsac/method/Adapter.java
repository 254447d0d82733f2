package org.jfsac.fsac.method;

import org.jfsac.core.backend.Backend;
import org.jfsac.core.nn.Linear;
import org.jfsac.core.nn.Module;
import org.jfsac.core.nn.ModuleList;
import org.jfsac.core.random.Rng;
import org.jfsac.core.tensor.Tensor;

/**
 * The authors' adapter network (Eq. 4–5 without the residual mix): {@code blocks} MLP blocks
 * (Linear(C,4C) → GELU → Linear(4C,C)), each followed by GELU, then Linear(C,C). The image adapter
 * A_f has two blocks, the text adapter A_g one. Weights Xavier-normal, biases PyTorch's default uniform.
 */
public final class Adapter extends Module {
    private final ModuleList<Linear> layers;
    private final int blocks;

    public Adapter(Backend backend, int dim, int blocks, Rng rng) {
        super(backend);
        this.blocks = blocks;
        layers = child("layers", new ModuleList<>(backend));
        for (int b = 0; b < blocks; b++) {
            layers.add(xavier(backend, dim, 4 * dim, rng));
            layers.add(xavier(backend, 4 * dim, dim, rng));
        }
        layers.add(xavier(backend, dim, dim, rng));
    }

    static Linear xavier(Backend backend, int in, int out, Rng rng) {
        Linear l = new Linear(backend, in, out, true, rng);
        l.weight.assign(rng.xavierNormal(backend, out, in));
        return l;
    }

    public Tensor forward(Tensor x) {
        for (int b = 0; b < blocks; b++) {
            x = layers.get(2 * b + 1).forward(layers.get(2 * b).forward(x).gelu()).gelu();
        }
        return layers.get(2 * blocks).forward(x);
    }
}
