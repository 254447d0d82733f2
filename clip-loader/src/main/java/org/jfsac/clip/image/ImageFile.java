package org.jfsac.clip.image;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Opens image files the way preprocessing does, with every refusal Pillow makes (pixel limit, truncated
 * file, oversized compressed chunks, CMYK JPEG, not a regular or readable file), so that code handing
 * decoded images on (training images, saliency, dataset checks) accepts exactly the files
 * {@link ImagePreprocessor#preprocess(Path, int, ResizeMode)} accepts.
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
}
