package org.jfsac.fsac.clip;

import org.jfsac.core.backend.Backend;
import org.jfsac.core.nn.Activation;
import org.jfsac.core.nn.LayerNorm;
import org.jfsac.core.nn.Module;
import org.jfsac.core.random.Rng;
import org.jfsac.core.tensor.GradMode;
import org.jfsac.core.tensor.Tensor;

import java.util.function.BiConsumer;

/**
 * OpenCLIP's CLIP: the image tower under {@code visual.*} and the text tower at the top level, with
 * exactly OpenCLIP's parameter names, so a checkpoint's state dict loads with {@link #loadStateDict}.
 */
public final class ClipModel extends Module {
    /** Architecture numbers (what OpenCLIP's model config JSON holds). */
    public record Arch(int embedDim, int imageSize, int patchSize, int visionWidth, int visionLayers, int visionHeadWidth,
                       double visionMlpRatio, int contextLength, int vocabSize, int textWidth, int textHeads,
                       int textLayers, double textMlpRatio, boolean quickGelu) {}

    public final Arch arch;
    public final VisionTransformer visual;
    final int contextLength, textWidth;
    final Tensor positionalEmbedding, textProjection, logitScale, tokenEmbedding;
    final Transformer textTransformer;
    final LayerNorm lnFinal;

    /** A model with seeded random weights (OpenCLIP's init scales); load real weights with loadStateDict. */
    public ClipModel(Backend backend, Arch a, Rng rng) {
        super(backend);
        this.arch = a;
        Activation act = a.quickGelu() ? Activation.QUICK_GELU : Activation.GELU;
        contextLength = a.contextLength();
        textWidth = a.textWidth();
        double projStd = Math.pow(a.textWidth(), -0.5);
        positionalEmbedding = param("positional_embedding", rng.normal(backend, 0, 0.01, a.contextLength(), a.textWidth()));
        textProjection = param("text_projection", rng.normal(backend, 0, projStd, a.textWidth(), a.embedDim()));
        logitScale = param("logit_scale", Tensor.full(backend, (float) Math.log(1 / 0.07)));
        visual = child("visual", new VisionTransformer(backend, a.imageSize(), a.patchSize(), a.visionWidth(), a.visionLayers(),
                a.visionWidth() / a.visionHeadWidth(), (int) (a.visionWidth() * a.visionMlpRatio()), a.embedDim(), act, rng));
        textTransformer = child("transformer", new Transformer(backend, a.textWidth(), a.textLayers(), a.textHeads(),
                (int) (a.textWidth() * a.textMlpRatio()), act, rng));
        ParamHolder tok = child("token_embedding", new ParamHolder(backend));
        tokenEmbedding = tok.add("weight", rng.normal(backend, 0, 0.02, a.vocabSize(), a.textWidth()));
        lnFinal = child("ln_final", new LayerNorm(backend, a.textWidth()));
    }

    /** pixels [B, 3, S, S] (normalised) → raw image embeddings [B, embedDim]. Records a graph only if pixels need grad. */
    public Tensor encodeImage(Tensor pixels) { return visual.forward(pixels); }

    public Tensor encodeImage(Tensor pixels, BiConsumer<String, Tensor> tap) { return visual.forward(pixels, tap); }

    /** Token ids [B][contextLength] → raw text embeddings [B, embedDim], without a graph. */
    public Tensor encodeText(int[][] tokens) { return encodeText(tokens, null); }

    public Tensor encodeText(int[][] tokens, BiConsumer<String, Tensor> tap) {
        try (GradMode g = GradMode.noGrad()) {
            return TextTransformer.forward(this, tokens, tap);
        }
    }

    /** Encoders are frozen in CLIP-FSAC++: parameters stop requiring gradients (input gradients still flow). */
    public ClipModel freeze() {
        for (Tensor p : parameters()) p.requiresGrad(false);
        return this;
    }
}
