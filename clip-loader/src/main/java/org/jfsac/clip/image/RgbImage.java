package org.jfsac.clip.image;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * An 8-bit RGB image, interleaved (R, G, B per pixel, rows top to bottom): the one image type that decoding,
 * anomaly synthesis and CLIP preprocessing pass along, so no step converts to another representation and back.
 * {@link BufferedImage} appears only at the edges ({@link #fromBufferedImage}, {@link #toBufferedImage}, PNG files).
 * Mutable: the synthesis code copies before it writes.
 */
public final class RgbImage {
    private final int width;
    private final int height;
    /** Interleaved: channel c of pixel (x, y) lives at {@code (y * width + x) * 3 + c}. */
    private final byte[] data;

    /** A black image. */
    public RgbImage(int width, int height) {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("image size must be positive, got " + width + "x" + height);
        }
        this.width = width;
        this.height = height;
        this.data = new byte[3 * width * height];
    }

    private RgbImage(int width, int height, byte[] data) {
        this.width = width;
        this.height = height;
        this.data = data;
    }

    /** An image over interleaved samples it takes ownership of (preprocessing's output, decoded files). */
    static RgbImage wrap(int width, int height, byte[] rgb) {
        if (rgb.length != 3 * width * height) {
            throw new IllegalArgumentException(width + "x" + height + " RGB needs " + 3 * width * height + " bytes, got " + rgb.length);
        }
        return new RgbImage(width, height, rgb);
    }

    /** The interleaved samples themselves (not a copy), for preprocessing in this package. */
    byte[] samples() {
        return data;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** Channel value 0..255 (c: 0 = R, 1 = G, 2 = B). */
    public int get(int c, int x, int y) {
        return data[index(c, x, y)] & 0xff;
    }

    public void set(int c, int x, int y, int value) {
        if (value < 0 || value > 255) {
            throw new IllegalArgumentException("channel value " + value + " outside 0..255 at (" + x + "," + y + ")");
        }
        data[index(c, x, y)] = (byte) value;
    }

    public void setRgb(int x, int y, int r, int g, int b) {
        set(0, x, y, r);
        set(1, x, y, g);
        set(2, x, y, b);
    }

    /** Mean of the three channels, as the authors' background test computes it ({@code np.mean(img, axis=2)}). */
    public double gray(int x, int y) {
        return (get(0, x, y) + get(1, x, y) + get(2, x, y)) / 3.0;
    }

    /** One channel as doubles, row-major, length width*height. */
    public double[] channel(int c) {
        checkChannel(c);
        double[] out = new double[width * height];
        for (int i = 0; i < out.length; i++) {
            out[i] = data[3 * i + c] & 0xff;
        }
        return out;
    }

    /** Sets one channel from doubles, rounding to nearest and clamping to 0..255 ({@link #clampRound}). */
    public void setChannel(int c, double[] values) {
        checkChannel(c);
        if (values.length != width * height) {
            throw new IllegalArgumentException("channel needs " + width * height + " values, got " + values.length);
        }
        for (int i = 0; i < values.length; i++) {
            data[3 * i + c] = (byte) clampRound(values[i]);
        }
    }

    /**
     * A real value as an 8-bit sample: rounded to nearest, clamped to 0..255, NaN to 0.
     *
     * @param v the value
     * @return 0..255
     */
    public static int clampRound(double v) {
        if (!(v > 0)) {
            return 0; // also maps NaN to 0 rather than letting it through
        }
        return v >= 255 ? 255 : (int) Math.round(v);
    }

    public RgbImage copy() {
        return new RgbImage(width, height, data.clone());
    }

    /** The w×h block whose top-left corner is (x0, y0); it must lie inside the image. */
    public RgbImage crop(int x0, int y0, int w, int h) {
        if (x0 < 0 || y0 < 0 || w <= 0 || h <= 0 || x0 + w > width || y0 + h > height) {
            throw new IllegalArgumentException("crop " + w + "x" + h + " at (" + x0 + "," + y0 + ") outside "
                    + width + "x" + height + " image");
        }
        RgbImage out = new RgbImage(w, h);
        for (int y = 0; y < h; y++) {
            System.arraycopy(data, index(0, x0, y0 + y), out.data, out.index(0, 0, y), 3 * w);
        }
        return out;
    }

    /** Copies {@code patch} into this image with its top-left corner at (x0, y0); it must fit. */
    public void paste(RgbImage patch, int x0, int y0) {
        if (x0 < 0 || y0 < 0 || x0 + patch.width > width || y0 + patch.height > height) {
            throw new IllegalArgumentException("paste " + patch.width + "x" + patch.height + " at (" + x0 + "," + y0
                    + ") outside " + width + "x" + height + " image");
        }
        for (int y = 0; y < patch.height; y++) {
            System.arraycopy(patch.data, patch.index(0, 0, y), data, index(0, x0, y0 + y), 3 * patch.width);
        }
    }

    /** A new {@link BufferedImage} (TYPE_INT_RGB) holding the same values. */
    public BufferedImage toBufferedImage() {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        int[] row = new int[width];
        for (int y = 0; y < height; y++) {
            for (int x = 0, p = 3 * y * width; x < width; x++, p += 3) {
                row[x] = ((data[p] & 0xff) << 16) | ((data[p + 1] & 0xff) << 8) | (data[p + 2] & 0xff);
            }
            img.setRGB(0, y, width, 1, row, 0, width);
        }
        return img;
    }

    /**
     * An image in memory as Pillow's {@code convert("RGB")} would give it, its Pillow mode inferred from the colour
     * model as {@link ImagePreprocessor#preprocess(BufferedImage, int, ResizeMode)} infers it: grey repeated, alpha
     * dropped, palette applied, 16-bit grey (Pillow's 32-bit "I") clipped to 255.
     */
    public static RgbImage fromBufferedImage(BufferedImage img) {
        PillowImage rgb = PillowDecoding.fromBufferedImage(img).asRgb();
        return wrap(rgb.width, rgb.height, rgb.toRgb());
    }

    /**
     * Decodes an image file as Pillow's {@code Image.open(file).convert("RGB")} does (the authors' loader), with
     * Pillow's refusals ({@link ImagePreprocessor#preprocess(Path, int, ResizeMode)}).
     *
     * @throws java.nio.file.NoSuchFileException if the file does not exist
     * @throws IOException naming the file if it is not an image that can be decoded
     */
    public static RgbImage read(Path file) throws IOException {
        PillowImage rgb = PillowDecoding.read(file).asRgb();
        return wrap(rgb.width, rgb.height, rgb.toRgb());
    }

    /** Writes the image as an RGB PNG, atomically ({@link Png#write}). */
    public void writePng(Path file) {
        try {
            Png.write(toBufferedImage(), file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private int index(int c, int x, int y) {
        if (x < 0 || y < 0 || x >= width || y >= height) {
            throw new IndexOutOfBoundsException("pixel (" + x + "," + y + ") outside " + width + "x" + height + " image");
        }
        checkChannel(c);
        return (y * width + x) * 3 + c;
    }

    private static void checkChannel(int c) {
        if (c < 0 || c > 2) {
            throw new IndexOutOfBoundsException("channel " + c + " (RGB has 0..2)");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RgbImage other && other.width == width && other.height == height
                && Arrays.equals(other.data, data);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * width + height) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "RgbImage[" + width + "x" + height + "]";
    }
}
