package org.jfsac.clip.image;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;

/**
 * CLIP image preprocessing as OpenCLIP 2.24 does it at inference (torchvision 0.14 on Pillow 9.4):
 * resize with Pillow's antialiased bicubic ({@link ResizeMode}), convert to RGB, scale to [0, 1],
 * normalise; in SQUASH mode (the authors' dataset code) the conversion to RGB comes first. Resizing is a bit-exact port of Pillow ({@link PillowResample}), done in the mode
 * Pillow opens the file in ({@link PillowDecoding}), so PNG inputs give the reference's values
 * exactly; JPEG inputs differ only as far as ImageIO's and libjpeg's decoders do.
 */
public final class ImagePreprocessor {

    private ImagePreprocessor() {
    }

    /**
     * @throws java.nio.file.NoSuchFileException if the file does not exist
     * @throws IOException naming the file if it is not an image ImageIO can decode
     */
    public static PreprocessedImage preprocess(Path file, int size, ResizeMode mode) throws IOException {
        return preprocess(file, size, mode, Normalization.OPENAI);
    }

    public static PreprocessedImage preprocess(Path file, int size, ResizeMode mode, Normalization normalization)
            throws IOException {
        checkSize(size);
        return preprocess(PillowDecoding.read(file), size, mode, normalization);
    }

    /**
     * For the bytes of an image file: the same decoding, refusals and Pillow mode as the file itself
     * ({@link ImageFile#read(byte[], String)}).
     *
     * @param name what messages call the image (the file's path or URI)
     */
    public static PreprocessedImage preprocess(byte[] bytes, String name, int size, ResizeMode mode) throws IOException {
        checkSize(size);
        return preprocess(PillowDecoding.read(bytes, name), size, mode, Normalization.OPENAI);
    }

    /** For an image in memory, whose Pillow mode is inferred from its colour model (see {@link PillowDecoding}). */
    public static PreprocessedImage preprocess(BufferedImage image, int size, ResizeMode mode) {
        return preprocess(image, size, mode, Normalization.OPENAI);
    }

    public static PreprocessedImage preprocess(BufferedImage image, int size, ResizeMode mode,
            Normalization normalization) {
        checkSize(size);
        return preprocess(PillowDecoding.fromBufferedImage(image), size, mode, normalization);
    }

    /** For an 8-bit RGB image (decoded, or made by anomaly synthesis), taken as it is: no conversion on the way. */
    public static PreprocessedImage preprocess(RgbImage image, int size, ResizeMode mode) {
        return preprocess(image, size, mode, Normalization.OPENAI);
    }

    public static PreprocessedImage preprocess(RgbImage image, int size, ResizeMode mode, Normalization normalization) {
        checkSize(size);
        // PillowImage never writes to its samples, so the image's own array is shared, not copied.
        return preprocess(PillowImage.of8Bit(PillowImage.Mode.RGB, image.width(), image.height(), image.samples()), size, mode,
                normalization);
    }

    private static PreprocessedImage preprocess(PillowImage image, int size, ResizeMode mode, Normalization norm) {
        // SQUASH is the authors' pipeline: Image.open(p).convert("RGB") (their mvtecdataset.py) before the resize;
        // OpenCLIP resizes in the file's own mode and converts after (they differ for palette, 1-bit, 16-bit grey
        // and alpha images only).
        PillowImage square = switch (mode) {
            case SQUASH -> image.asRgb().resize(size, size);
            case OPENCLIP_SQUASH -> image.resize(size, size);
            case SHORTEST_CENTER_CROP -> shortestSideCenterCrop(image, size);
        };
        byte[] rgb = square.toRgb();
        return new PreprocessedImage(size, normalize(rgb, size, norm), rgb);
    }

    /** torchvision 0.14 {@code Resize(size)} then {@code CenterCrop(size)} on a PIL image. */
    private static PillowImage shortestSideCenterCrop(PillowImage image, int size) {
        int w = image.width;
        int h = image.height;
        int shortSide = Math.min(w, h);
        int longSide = Math.max(w, h);
        // Python's int(size * long / short): exact product, correctly rounded division, truncation
        int newLong = (int) ((double) ((long) size * longSide) / shortSide);
        int newW = w <= h ? size : newLong;
        int newH = w <= h ? newLong : size;
        // int(round((h - size) / 2.0)): Python rounds halves to even, as rint does
        int top = (int) Math.rint((newH - size) / 2.0);
        int left = (int) Math.rint((newW - size) / 2.0);
        // only the crop is resampled: an elongated image would otherwise make a huge intermediate
        return newW == w && newH == h ? image.crop(left, top, size, size) : image.resizeAndCrop(newW, newH, left, top, size, size);
    }

    /** ToTensor then Normalize, in float32 as torch computes them: (v / 255 - mean) / std, channel-major. */
    private static float[] normalize(byte[] rgb, int size, Normalization norm) {
        float[] mean = norm.mean();
        float[] std = norm.std();
        int plane = size * size;
        float[] chw = new float[3 * plane];
        for (int p = 0; p < plane; p++) {
            for (int c = 0; c < 3; c++) {
                chw[c * plane + p] = ((rgb[3 * p + c] & 0xFF) / 255f - mean[c]) / std[c];
            }
        }
        return chw;
    }

    private static void checkSize(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("image size must be at least 1, got " + size);
        }
    }
}
