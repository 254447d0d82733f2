package org.jfsac.fsac.synth;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.ImageIO;

/**
 * An 8-bit RGB image stored as three planes (R, G, B), row-major within a plane.
 * Mutable: the synthesis code copies before it writes.
 */
public final class RgbImage {
    private final int width;
    private final int height;
    /** Planar: channel c, pixel (x, y) lives at {@code (c * height + y) * width + x}. */
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
        int base = c * width * height;
        for (int i = 0; i < out.length; i++) {
            out[i] = data[base + i] & 0xff;
        }
        return out;
    }

    /** Sets one channel from doubles, rounding to nearest and clamping to 0..255. */
    public void setChannel(int c, double[] values) {
        checkChannel(c);
        if (values.length != width * height) {
            throw new IllegalArgumentException("channel needs " + width * height + " values, got " + values.length);
        }
        int base = c * width * height;
        for (int i = 0; i < values.length; i++) {
            data[base + i] = (byte) clampRound(values[i]);
        }
    }

    static int clampRound(double v) {
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
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < h; y++) {
                System.arraycopy(data, index(c, x0, y0 + y), out.data, out.index(c, 0, y), w);
            }
        }
        return out;
    }

    /** Copies {@code patch} into this image with its top-left corner at (x0, y0); it must fit. */
    public void paste(RgbImage patch, int x0, int y0) {
        if (x0 < 0 || y0 < 0 || x0 + patch.width > width || y0 + patch.height > height) {
            throw new IllegalArgumentException("paste " + patch.width + "x" + patch.height + " at (" + x0 + "," + y0
                    + ") outside " + width + "x" + height + " image");
        }
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < patch.height; y++) {
                System.arraycopy(patch.data, patch.index(c, 0, y), data, index(c, x0, y0 + y), patch.width);
            }
        }
    }

    /**
     * Bilinear resize exactly as OpenCV 4.6's {@code cv2.resize} (INTER_LINEAR, fixed point): see
     * {@link OpenCvResize}.
     */
    public RgbImage resizeBilinear(int newWidth, int newHeight) {
        return OpenCvResize.resize(this, newWidth, newHeight);
    }

    public BufferedImage toBufferedImage() {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                img.setRGB(x, y, (get(0, x, y) << 16) | (get(1, x, y) << 8) | get(2, x, y));
            }
        }
        return img;
    }

    /**
     * Converts any 8/16-bit BufferedImage. Grey images are read from the raster directly: going through
     * {@code getRGB} would pass them through Java's linear-grey colour space and change the values.
     */
    public static RgbImage fromBufferedImage(BufferedImage img) {
        RgbImage out = new RgbImage(img.getWidth(), img.getHeight());
        Raster raster = img.getRaster();
        boolean directGrey = !(img.getColorModel() instanceof IndexColorModel) && raster.getNumBands() <= 2;
        int shift = raster.getSampleModel().getSampleSize(0) > 8 ? 8 : 0;
        for (int y = 0; y < out.height; y++) {
            for (int x = 0; x < out.width; x++) {
                if (directGrey) {
                    int v = raster.getSample(x, y, 0) >> shift;
                    out.setRgb(x, y, v, v, v);
                } else {
                    int argb = img.getRGB(x, y);
                    out.setRgb(x, y, (argb >> 16) & 0xff, (argb >> 8) & 0xff, argb & 0xff);
                }
            }
        }
        return out;
    }

    /** Reads PNG/JPEG/BMP; a missing or undecodable file is an exception that names it. */
    public static RgbImage read(Path file) {
        return fromBufferedImage(readBuffered(file));
    }

    static BufferedImage readBuffered(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new UncheckedIOException(new IOException("image file not found: " + file));
        }
        BufferedImage img;
        try {
            img = ImageIO.read(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(new IOException("cannot decode image " + file + ": " + e.getMessage(), e));
        }
        if (img == null) {
            throw new UncheckedIOException(new IOException("not a readable image format: " + file));
        }
        if (img.getColorModel().getColorSpace().getType() != ColorSpace.TYPE_RGB
                && img.getColorModel().getColorSpace().getType() != ColorSpace.TYPE_GRAY) {
            throw new UncheckedIOException(new IOException("unsupported colour space (not RGB or grey) in " + file));
        }
        if (img.getRaster().getDataBuffer().getDataType() == DataBuffer.TYPE_FLOAT
                || img.getRaster().getDataBuffer().getDataType() == DataBuffer.TYPE_DOUBLE) {
            throw new UncheckedIOException(new IOException("floating-point image not supported: " + file));
        }
        return img;
    }

    public void writePng(Path file) {
        writePng(toBufferedImage(), file);
    }

    /** Written atomically (temp file, then rename): a crash or a full disk never leaves a torn or empty PNG. */
    static void writePng(BufferedImage img, Path file) {
        try {
            org.jfsac.core.io.AtomicFiles.writeStream(file, out -> {
                if (!ImageIO.write(img, "png", out)) throw new IOException("no PNG writer available");
            });
        } catch (IOException e) {
            throw new UncheckedIOException(new IOException("cannot write PNG " + file + ": " + e.getMessage(), e));
        }
    }

    private int index(int c, int x, int y) {
        if (x < 0 || y < 0 || x >= width || y >= height) {
            throw new IndexOutOfBoundsException("pixel (" + x + "," + y + ") outside " + width + "x" + height + " image");
        }
        checkChannel(c);
        return (c * height + y) * width + x;
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
