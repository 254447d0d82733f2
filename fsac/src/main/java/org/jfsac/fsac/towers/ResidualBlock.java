package org.jfsac.fsac.towers;

import org.jfsac.core.backend.Backend;
import org.jfsac.core.nn.Activation;
import org.jfsac.core.nn.LayerNorm;
import org.jfsac.core.nn.Mlp;
import org.jfsac.core.nn.Module;
import org.jfsac.core.nn.MultiheadAttention;
import org.jfsac.core.random.Rng;
import org.jfsac.core.tensor.Tensor;

/** OpenCLIP's ResidualAttentionBlock: x + attn(ln_1(x)), then x + mlp(ln_2(x)). Batch-first [B, T, C]. */
public final class ResidualBlock extends Module {
    final LayerNorm ln1;
    final MultiheadAttention attn;
    final LayerNorm ln2;
    final Mlp mlp;

    public ResidualBlock(Backend backend, int width, int heads, int mlpWidth, Activation act, Rng rng) {
        super(backend);
        ln1 = child("ln_1", new LayerNorm(backend, width));
        attn = child("attn", new MultiheadAttention(backend, width, heads, rng));
        ln2 = child("ln_2", new LayerNorm(backend, width));
        mlp = child("mlp", new Mlp(backend, width, mlpWidth, width, act, rng));
    }

    public Tensor forward(Tensor x, boolean causal) {
        x = x.add(attn.forward(ln1.forward(x), null, causal));
        return x.add(mlp.forward(ln2.forward(x)));
    }
}
