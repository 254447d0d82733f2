package org.jfsac.fsac.towers;

import org.jfsac.core.backend.Backend;
import org.jfsac.core.nn.Activation;
import org.jfsac.core.nn.LayerNorm;
import org.jfsac.core.nn.Module;
import org.jfsac.core.random.Rng;
import org.jfsac.core.tensor.GradMode;
import org.jfsac.core.tensor.Tensor;

import org.jfsac.clip.checkpoint.CheckpointFile;
import org.jfsac.clip.config.ClipConfig;
import org.jfsac.clip.config.TextConfig;
import org.jfsac.clip.config.VisionConfig;
import org.jfsac.core.io.HostTensor;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * OpenCLIP's CLIP: the image tower under {@code visual.*} and the text tower at the top level, with
 * exactly OpenCLIP's parameter names, so a checkpoint loads with {@link #fromCheckpoint} or {@link #loadStateDict}.
 */
public final class ClipModel extends Module {
    public final ClipConfig config;
    public final VisionTransformer visual;
    final int contextLength, textWidth;
    final Tensor positionalEmbedding, textProjection, logitScale, tokenEmbedding;
    final Transformer textTransformer;
    final LayerNorm lnFinal;

    /** A model with seeded random weights (OpenCLIP's init scales); load real weights with loadStateDict. */
    public ClipModel(Backend backend, ClipConfig cfg, Rng rng) {
        super(backend);
        this.config = cfg;
        VisionConfig v = cfg.vision();
        TextConfig t = cfg.text();
        Activation act = cfg.quickGelu() ? Activation.QUICK_GELU : Activation.GELU;
        contextLength = t.contextLength();
        textWidth = t.width();
        positionalEmbedding = param("positional_embedding", rng.normal(backend, 0, 0.01, t.contextLength(), t.width()));
        textProjection = param("text_projection", rng.normal(backend, 0, Math.pow(t.width(), -0.5), t.width(), cfg.embedDim()));
        logitScale = param("logit_scale", Tensor.full(backend, (float) Math.log(1 / 0.07)));
        visual = child("visual", new VisionTransformer(backend, v.imageSize(), v.patchSize(), v.width(), v.layers(),
                v.heads(), v.mlpWidth(), cfg.embedDim(), act, rng));
        textTransformer = child("transformer", new Transformer(backend, t.width(), t.layers(), t.heads(), t.mlpWidth(), act, rng));
        ParamHolder tok = child("token_embedding", new ParamHolder(backend));
        tokenEmbedding = tok.add("weight", rng.normal(backend, 0, 0.02, t.vocabSize(), t.width()));
        lnFinal = child("ln_final", new LayerNorm(backend, t.width()));
    }

    /**
     * A model holding a checkpoint's weights, streamed from the file one tensor at a time straight into
     * the parameters, so the heap holds the model plus one tensor (not a whole second copy). The
     * checkpoint's shapes are checked against the config first: a mismatch names each tensor and both
     * shapes. OpenCLIP's non-persistent {@code attn_mask} is ignored.
     */
    public static ClipModel fromCheckpoint(Backend backend, ClipConfig cfg, Path checkpoint) throws IOException {
        try (CheckpointFile file = CheckpointFile.open(checkpoint)) {
            return fromCheckpoint(backend, cfg, file);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("checkpoint " + checkpoint + ": " + e.getMessage(), e);
        }
    }

    /** As above from a checkpoint opened already; mismatches are reported without the file name. */
    static ClipModel fromCheckpoint(Backend backend, ClipConfig cfg, CheckpointFile checkpoint) throws IOException {
        Map<String, int[]> shapes = checkpoint.shapes();
        cfg.validateShapes(shapes);
        ClipModel m = new ClipModel(backend, cfg, Rng.zeros());
        ParameterSink sink = new ParameterSink(m.namedParameters(), shapes.keySet());
        checkpoint.stream(sink);
        sink.finish();
        return m;
    }

    /**
     * A model holding a state dict's weights, checked against the config first as in
     * {@link #fromCheckpoint}. Entries are dropped from the map as they are copied so the host copy can
     * be collected early.
     */
    public static ClipModel fromStateDict(Backend backend, ClipConfig cfg, Map<String, HostTensor> stateDict) {
        cfg.validate(stateDict);
        ClipModel m = new ClipModel(backend, cfg, Rng.zeros());
        Map<String, Tensor> params = m.namedParameters();
        ParameterSink sink = new ParameterSink(params, stateDict.keySet());
        for (String name : params.keySet()) {
            HostTensor h = stateDict.remove(name);
            if (h != null) sink.accept(name, h);
        }
        sink.finish();
        return m;
    }

    /** Image input size S (pixels are [B, 3, S, S]). */
    public int imageSize() { return config.vision().imageSize(); }

    /** Joint embedding width C. */
    public int embedDim() { return config.embedDim(); }

    public int contextLength() { return contextLength; }

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
