package org.jfsac.fsac.towers;

import org.jfsac.core.backend.Backend;
import org.jfsac.core.nn.Activation;
import org.jfsac.core.nn.Module;
import org.jfsac.core.nn.ModuleList;
import org.jfsac.core.random.Rng;
import org.jfsac.core.tensor.Tensor;

import java.util.function.BiConsumer;

/** A stack of residual blocks named {@code resblocks.N} as in OpenCLIP. */
public final class Transformer extends Module {
    final ModuleList<ResidualBlock> blocks;

    public Transformer(Backend backend, int width, int layers, int heads, int mlpWidth, Activation act, Rng rng) {
        super(backend);
        blocks = child("resblocks", new ModuleList<>(backend));
        for (int i = 0; i < layers; i++) blocks.add(new ResidualBlock(backend, width, heads, mlpWidth, act, rng));
    }

    /** Runs every block; tap (may be null) sees each block's output as ("block" + i, x). */
    public Tensor forward(Tensor x, boolean causal, BiConsumer<String, Tensor> tap) {
        for (int i = 0; i < blocks.size(); i++) {
            x = blocks.get(i).forward(x, causal);
            if (tap != null) tap.accept("block" + i, x);
        }
        return x;
    }
}
