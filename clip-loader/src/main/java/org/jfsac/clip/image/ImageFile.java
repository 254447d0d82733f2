package org.jfsac.clip.image;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Opens image files the way preprocessing does, with every refusal Pillow makes (pixel limit, truncated
 * file, oversized compressed chunks, CMYK JPEG, not a regular or readable file), so that code handing
 * decoded images on (training images, saliency, dataset checks) accepts exactly the files
 * {@link ImagePreprocessor#preprocess(Path, int, ResizeMode)} accepts. The bytes forms take a file's
 * contents already in memory (read from a distributed file system, a Spark row...) through the very same
 * decoder, so they give the same pixels and the same refusals, in the same words, as the file would.
 */
public final class ImageFile {
    private ImageFile() {}

    /**
     * The decoded image.
     *
     * @throws IOException one line naming the file and why it cannot be used
     */
    public static BufferedImage read(Path file) throws IOException {
        return PillowDecoding.decode(file).image();
    }

    /**
     * Decodes the file completely and discards the pixels: whether it would be accepted, without keeping it.
     *
     * @throws IOException one line naming the file and why it cannot be used
     */
    public static void check(Path file) throws IOException {
        read(file);
    }

    /**
     * The image the bytes of a file encode, as {@link #read(Path)} would decode that file.
     *
     * @param name what messages call the image (the file's path or URI)
     * @throws IOException one line naming the image and why it cannot be used
     */
    public static BufferedImage read(byte[] bytes, String name) throws IOException {
        return PillowDecoding.decode(bytes, name).image();
    }

    /**
     * Pillow's decompression-bomb refusal for an image decoded elsewhere (for instance by Spark's image source),
     * with the limit and the message {@link #read(Path)} uses.
     *
     * @throws IOException when width x height exceeds {@link org.jfsac.core.limits.Limit#IMAGE_PIXELS}
     */
    public static void checkPixels(String name, long width, long height) throws IOException {
        ImageSafety.checkPixels(name, width, height);
    }
}
