package org.jfsac.fsac.towers;

import org.jfsac.clip.image.ImagePreprocessor;
import org.jfsac.clip.image.PreprocessedImage;
import org.jfsac.clip.image.ResizeMode;
import org.jfsac.clip.image.RgbImage;
import org.jfsac.clip.tokenizer.ClipTokenizer;
import org.jfsac.core.tensor.GradMode;
import org.jfsac.core.tensor.Tensor;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * A frozen CLIP model with its tokenizer and preprocessing: what CLIP-FSAC++ needs from CLIP. Encoding
 * builds no graph; {@link #pixels} gives the model input for gradients to the image (saliency).
 * {@link #close} frees the weights' device memory now rather than when the garbage collector finds them.
 */
public final class ClipBackbone implements AutoCloseable {
    /** The frozen CLIP model. */
    public final ClipModel model;
    /** The CLIP BPE tokenizer of the text tower. */
    public final ClipTokenizer tokenizer;
    /** How images are brought to the model's input size. */
    public final ResizeMode resize;
    /** Identifies the weights in cache keys and saved heads (the checkpoint's SHA-256, or a demo tag). */
    public final String weightsId;
    private final int batch;

    /**
     * A backbone over a loaded model (which is frozen here); {@link ClipBackbones} makes one in one call.
     *
     * @param model     the CLIP model
     * @param tokenizer its tokenizer
     * @param resize    how images are brought to the model's size
     * @param weightsId what identifies the weights (the checkpoint's SHA-256)
     * @param batch     images per forward pass when encoding lists
     */
    public ClipBackbone(ClipModel model, ClipTokenizer tokenizer, ResizeMode resize, String weightsId, int batch) {
        this.model = model.freeze();
        this.tokenizer = tokenizer;
        this.resize = resize;
        this.weightsId = weightsId;
        this.batch = Math.max(1, batch);
    }

    /**
     * The resize mode a command-line name means.
     *
     * @param name {@code squash} or {@code shortest}
     * @return the mode
     */
    public static ResizeMode resizeMode(String name) {
        return switch (name) {
            case "squash" -> ResizeMode.SQUASH;
            case "openclip-squash" -> ResizeMode.OPENCLIP_SQUASH;
            case "shortest" -> ResizeMode.SHORTEST_CENTER_CROP;
            default -> throw new IllegalArgumentException("unknown resize mode '" + name + "' (squash or shortest)");
        };
    }

    /** The model's input size S (images become S×S). */
    public int imageSize() { return model.imageSize(); }

    /** Images per forward pass when encoding lists (another JVM loads with the same, for equal numbers). */
    public int batch() { return batch; }

    /** The width C of the image and text embeddings. */
    public int embedDim() { return model.embedDim(); }

    /** An image brought to the model's input: resized as {@link #resize} says, normalised with CLIP's mean and std. */
    public PreprocessedImage preprocess(BufferedImage image) {
        return ImagePreprocessor.preprocess(image, imageSize(), resize);
    }

    /** As {@link #preprocess(BufferedImage)} for an 8-bit RGB image, taken as it is. */
    public PreprocessedImage preprocess(RgbImage image) {
        return ImagePreprocessor.preprocess(image, imageSize(), resize);
    }

    /** As {@link #preprocess(BufferedImage)} for an image file, in the mode Pillow opens it in (see {@link #encodeFiles}). */
    public PreprocessedImage preprocess(java.nio.file.Path file) throws java.io.IOException {
        return ImagePreprocessor.preprocess(file, imageSize(), resize);
    }

    /** Normalised model input [1, 3, S, S] on the model's device. */
    public Tensor pixels(BufferedImage image) {
        return pixels(preprocess(image));
    }

    /** The model input [1, 3, S, S] of an image preprocessed already (by this backbone). */
    public Tensor pixels(PreprocessedImage image) {
        int s = imageSize();
        if (image.size() != s) throw new IllegalArgumentException("image preprocessed to " + image.size() + " px, the model takes " + s);
        return Tensor.of(model.backend(), image.pixels(), 1, 3, s, s);
    }

    /** Raw image features [N, C], in batches. */
    public Tensor encodeImages(List<BufferedImage> images) {
        return encode(images.size(), i -> preprocess(images.get(i)));
    }

    /** Raw features [N, C] of 8-bit RGB images (e.g. synthetic anomalies), in batches, with no conversion on the way. */
    public Tensor encodeRgb(List<RgbImage> images) {
        return encode(images.size(), i -> preprocess(images.get(i)));
    }

    /**
     * Raw features of image files. Files go through Pillow's per-mode rules as read from the file itself
     * (palette, 1/2/4/16-bit, transparency), which a decoded BufferedImage no longer carries.
     */
    public Tensor encodeFiles(List<java.nio.file.Path> files) throws java.io.IOException {
        PreprocessedImage[] pre = new PreprocessedImage[files.size()];
        for (int i = 0; i < pre.length; i++) pre[i] = preprocess(files.get(i));
        return encode(pre.length, i -> pre[i]);
    }

    /** Raw features [N, C] of images preprocessed already (e.g. one by one, to catch a bad file on its own). */
    public Tensor encodePreprocessed(List<PreprocessedImage> images) {
        return encode(images.size(), images::get);
    }

    private Tensor encode(int n, java.util.function.IntFunction<PreprocessedImage> image) {
        int s = imageSize();
        List<Tensor> parts = new ArrayList<>();
        try (GradMode g = GradMode.noGrad()) {
            for (int i = 0; i < n; i += batch) {
                int len = Math.min(batch, n - i);
                float[] px = new float[len * 3 * s * s];
                for (int j = 0; j < len; j++) System.arraycopy(image.apply(i + j).pixels(), 0, px, j * 3 * s * s, 3 * s * s);
                parts.add(model.encodeImage(Tensor.of(model.backend(), px, len, 3, s, s)));
            }
        }
        return Tensor.concat(0, parts);
    }

    /** Raw text features [N, C]. */
    public Tensor encodeTexts(List<String> texts) {
        return model.encodeText(tokenizer.tokenize(texts, model.contextLength()));
    }

    /** Frees the model's device memory; the backbone (and classifiers on it) are unusable afterwards. */
    @Override
    public void close() {
        for (org.jfsac.core.tensor.Tensor p : model.parameters()) p.release();
    }
}
