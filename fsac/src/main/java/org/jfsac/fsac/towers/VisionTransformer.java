package org.jfsac.fsac.towers;

import org.jfsac.core.backend.Backend;
import org.jfsac.core.nn.Activation;
import org.jfsac.core.nn.LayerNorm;
import org.jfsac.core.nn.Module;
import org.jfsac.core.random.Rng;
import org.jfsac.core.tensor.Functional;
import org.jfsac.core.tensor.Tensor;

import java.util.function.BiConsumer;

/**
 * OpenCLIP's VisionTransformer: patch embedding (conv1 without bias, computed as unfold + GEMM), class
 * token, positional embedding, ln_pre, residual blocks, ln_post on the class token, projection.
 */
public final class VisionTransformer extends Module {
    public final int imageSize, patchSize, width, grid;
    final Tensor classEmbedding, positionalEmbedding, proj, conv1Weight;
    final LayerNorm lnPre, lnPost;
    final Transformer transformer;

    public VisionTransformer(Backend backend, int imageSize, int patchSize, int width, int layers, int heads,
                             int mlpWidth, int outDim, Activation act, Rng rng) {
        super(backend);
        if (imageSize % patchSize != 0) throw new IllegalArgumentException("image size " + imageSize + " is not a multiple of patch size " + patchSize);
        this.imageSize = imageSize;
        this.patchSize = patchSize;
        this.width = width;
        this.grid = imageSize / patchSize;
        double scale = Math.pow(width, -0.5);
        // Registration order follows OpenCLIP's state dict.
        classEmbedding = param("class_embedding", rng.normal(backend, 0, scale, width));
        positionalEmbedding = param("positional_embedding", rng.normal(backend, 0, scale, grid * grid + 1, width));
        proj = param("proj", rng.normal(backend, 0, scale, width, outDim));
        Module conv1 = child("conv1", new ParamHolder(backend));
        conv1Weight = ((ParamHolder) conv1).add("weight", rng.normal(backend, 0, 0.02, width, 3, patchSize, patchSize));
        lnPre = child("ln_pre", new LayerNorm(backend, width));
        transformer = child("transformer", new Transformer(backend, width, layers, heads, mlpWidth, act, rng));
        lnPost = child("ln_post", new LayerNorm(backend, width));
    }

    /** pixels [B, 3, S, S] → image embeddings [B, outDim] (not normalised). */
    public Tensor forward(Tensor pixels) { return forward(pixels, null); }

    /** As {@link #forward(Tensor)}; tap sees ln_pre, every block and ln_post outputs (batch first). */
    public Tensor forward(Tensor pixels, BiConsumer<String, Tensor> tap) {
        int[] s = pixels.shape();
        if (s.length != 4 || s[1] != 3 || s[2] != imageSize || s[3] != imageSize)
            throw new IllegalArgumentException("image tower expects pixels [B, 3, " + imageSize + ", " + imageSize + "], got " + java.util.Arrays.toString(s));
        int b = s[0], p = patchSize, g = grid;
        Tensor patches = pixels.reshape(b, 3, g, p, g, p).permute(0, 2, 4, 1, 3, 5).reshape(b, g * g, 3 * p * p);
        Tensor x = patches.matmul(conv1Weight.reshape(width, 3 * p * p).mT());
        Tensor cls = classEmbedding.reshape(1, 1, width).expand(b, 1, width);
        x = Tensor.concat(1, cls, x).add(positionalEmbedding);
        x = lnPre.forward(x);
        if (tap != null) tap.accept("ln_pre", x);
        x = transformer.forward(x, false, tap);
        // OpenCLIP 2.24 normalises every token, then pools the class token; the tap mirrors that.
        Tensor pooled;
        if (tap != null) {
            Tensor all = lnPost.forward(x);
            tap.accept("ln_post", all);
            pooled = all.select(1, 0);
        } else {
            pooled = lnPost.forward(x.select(1, 0));
        }
        // one product per image: an image's embedding must not depend on the batch it is encoded in
        return Functional.rowwiseMatmul(pooled, proj);
    }
}
