package org.jfsac.fsac.towers;

import org.jfsac.core.backend.Backend;
import org.jfsac.core.nn.Activation;
import org.jfsac.core.tensor.Functional;
import org.jfsac.core.tensor.Tensor;
import org.jfsac.core.random.Rng;

import java.util.function.BiConsumer;

/**
 * CLIP's text tower. Its parameters sit at the top level of OpenCLIP's state dict
 * (token_embedding, positional_embedding, transformer.*, ln_final, text_projection), so
 * {@link ClipModel} owns them; this class holds the forward pass.
 */
final class TextTransformer {
    private TextTransformer() {}

    /** tokens [B][ctx] → text embeddings [B, outDim]: causal blocks, ln_final, feature at the EOT token. */
    static Tensor forward(ClipModel m, int[][] tokens, BiConsumer<String, Tensor> tap) {
        int b = tokens.length, ctx = m.contextLength, w = m.textWidth;
        int[] flat = new int[b * ctx];
        int[] eot = new int[b];
        for (int i = 0; i < b; i++) {
            if (tokens[i].length != ctx) throw new IllegalArgumentException("text " + i + " has " + tokens[i].length + " tokens, the model takes " + ctx);
            System.arraycopy(tokens[i], 0, flat, i * ctx, ctx);
            int arg = 0;
            for (int t = 1; t < ctx; t++) if (tokens[i][t] > tokens[i][arg]) arg = t;
            eot[i] = i * ctx + arg;
        }
        Tensor x = Tensor.gatherRows(m.tokenEmbedding, flat).reshape(b, ctx, w).add(m.positionalEmbedding);
        x = m.textTransformer.forward(x, true, tap == null ? null : (name, t) -> tap.accept(name, t));
        x = m.lnFinal.forward(x);
        if (tap != null) tap.accept("ln_final", x);
        Tensor pooled = Tensor.gatherRows(x.reshape(b * ctx, w), eot);
        // one product per text, like the image tower: a prompt's embedding does not depend on the other prompts
        return Functional.rowwiseMatmul(pooled, m.textProjection);
    }
}
