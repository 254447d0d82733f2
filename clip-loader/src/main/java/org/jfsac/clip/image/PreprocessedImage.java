package org.jfsac.clip.image;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;

/**
 * A preprocessed model input: {@code pixels} is float[3 * size * size] in CHW order (normalised),
 * {@code rgb} the 8-bit resized/cropped image it came from, byte[size * size * 3] in HWC order
 * (for overlays). The arrays are not copied: treat them as read-only.
 */
public record PreprocessedImage(int size, float[] pixels, byte[] rgb) {

    public PreprocessedImage {
        if (pixels.length != 3 * size * size || rgb.length != 3 * size * size) {
            throw new IllegalArgumentException("a " + size + "x" + size + " image needs " + 3 * size * size
                    + " values, got " + pixels.length + " pixels and " + rgb.length + " rgb");
        }
    }

    /** The 8-bit image as a new {@link BufferedImage} (TYPE_3BYTE_BGR). */
    public BufferedImage toBufferedImage() {
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_3BYTE_BGR);
        byte[] bgr = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
        for (int p = 0; p < size * size; p++) {
            bgr[3 * p] = rgb[3 * p + 2];
            bgr[3 * p + 1] = rgb[3 * p + 1];
            bgr[3 * p + 2] = rgb[3 * p];
        }
        return image;
    }
}
