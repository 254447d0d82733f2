package org.jfsac.fsac.synth;

import org.jfsac.clip.image.RgbImage;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.jfsac.clip.image.Png;
import java.util.Arrays;

/** A binary pixel mask (anomaly ground truth, blending region, background estimate). Mutable. */
public final class Mask {
    private final int width;
    private final int height;
    private final boolean[] bits;

    public Mask(int width, int height) {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("mask size must be positive, got " + width + "x" + height);
        }
        this.width = width;
        this.height = height;
        this.bits = new boolean[width * height];
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    public boolean get(int x, int y) {
        return bits[index(x, y)];
    }

    public void set(int x, int y, boolean value) {
        bits[index(x, y)] = value;
    }

    /** Sets the half-open box [x0, x1) × [y0, y1), clipped to the mask. */
    public void fillBox(int x0, int y0, int x1, int y1) {
        for (int y = Math.max(0, y0); y < Math.min(height, y1); y++) {
            for (int x = Math.max(0, x0); x < Math.min(width, x1); x++) {
                bits[y * width + x] = true;
            }
        }
    }

    public int count() {
        int n = 0;
        for (boolean b : bits) {
            if (b) {
                n++;
            }
        }
        return n;
    }

    public boolean isEmpty() {
        return count() == 0;
    }

    /** In-place union with a mask of the same size. */
    public void or(Mask other) {
        checkSameSize(other);
        for (int i = 0; i < bits.length; i++) {
            bits[i] |= other.bits[i];
        }
    }

    public Mask copy() {
        Mask m = new Mask(width, height);
        System.arraycopy(bits, 0, m.bits, 0, bits.length);
        return m;
    }

    /**
     * Binary median filter of odd size k with replicated borders (OpenCV medianBlur's border rule):
     * a pixel is set when more than half of its k×k window is set.
     */
    public Mask medianBlur(int k) {
        int[] counts = windowCounts(k, true);
        Mask out = new Mask(width, height);
        int half = k * k / 2;
        for (int i = 0; i < bits.length; i++) {
            out.bits[i] = counts[i] > half;
        }
        return out;
    }

    /**
     * Dilation by a k×k square (odd k); pixels outside the mask do not contribute, as with OpenCV's dilate
     * default border.
     */
    public Mask dilate(int k) {
        int[] counts = windowCounts(k, false);
        Mask out = new Mask(width, height);
        for (int i = 0; i < bits.length; i++) {
            out.bits[i] = counts[i] > 0;
        }
        return out;
    }

    /** Number of set pixels in each k×k window; a box sum is separable, so two 1-D passes. */
    private int[] windowCounts(int k, boolean replicateBorder) {
        if (k <= 0 || k % 2 == 0) {
            throw new IllegalArgumentException("window size must be odd and positive, got " + k);
        }
        int r = k / 2;
        int[] rows = new int[bits.length];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int s = 0;
                for (int d = -r; d <= r; d++) {
                    int xx = x + d;
                    if (xx < 0 || xx >= width) {
                        if (!replicateBorder) {
                            continue;
                        }
                        xx = Math.max(0, Math.min(width - 1, xx));
                    }
                    s += bits[y * width + xx] ? 1 : 0;
                }
                rows[y * width + x] = s;
            }
        }
        int[] out = new int[bits.length];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int s = 0;
                for (int d = -r; d <= r; d++) {
                    int yy = y + d;
                    if (yy < 0 || yy >= height) {
                        if (!replicateBorder) {
                            continue;
                        }
                        yy = Math.max(0, Math.min(height - 1, yy));
                    }
                    s += rows[yy * width + x];
                }
                out[y * width + x] = s;
            }
        }
        return out;
    }

    /** 8-bit grey image, 255 where set and 0 elsewhere (the MVTec ground-truth convention). */
    public BufferedImage toBufferedImage() {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        WritableRaster raster = img.getRaster();
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                raster.setSample(x, y, 0, bits[y * width + x] ? 255 : 0);
            }
        }
        return img;
    }

    /** Pixels whose first-band (grey) value is at least 128 — MVTec masks are 0/255. */
    public static Mask fromBufferedImage(BufferedImage img) {
        Mask m = new Mask(img.getWidth(), img.getHeight());
        boolean direct = !(img.getColorModel() instanceof IndexColorModel) && img.getRaster().getNumBands() <= 2;
        Raster raster = img.getRaster();
        int shift = raster.getSampleModel().getSampleSize(0) > 8 ? 8 : 0;
        for (int y = 0; y < m.height; y++) {
            for (int x = 0; x < m.width; x++) {
                int v = direct ? raster.getSample(x, y, 0) >> shift : (img.getRGB(x, y) >> 8) & 0xff;
                m.bits[y * m.width + x] = v >= 128;
            }
        }
        return m;
    }

    /** Pixels whose green value, after Pillow's conversion to RGB ({@link RgbImage#read}), is at least 128. */
    public static Mask read(Path file) throws IOException {
        RgbImage img = RgbImage.read(file);
        Mask m = new Mask(img.width(), img.height());
        for (int y = 0; y < m.height; y++) {
            for (int x = 0; x < m.width; x++) m.bits[y * m.width + x] = img.get(1, x, y) >= 128;
        }
        return m;
    }

    /** Writes the mask as an 8-bit grey PNG, atomically. */
    public void writePng(Path file) {
        try {
            Png.write(toBufferedImage(), file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void checkSameSize(Mask other) {
        if (other.width != width || other.height != height) {
            throw new IllegalArgumentException("mask sizes differ: " + width + "x" + height + " vs "
                    + other.width + "x" + other.height);
        }
    }

    private int index(int x, int y) {
        if (x < 0 || y < 0 || x >= width || y >= height) {
            throw new IndexOutOfBoundsException("pixel (" + x + "," + y + ") outside " + width + "x" + height + " mask");
        }
        return y * width + x;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Mask other && other.width == width && other.height == height
                && Arrays.equals(other.bits, bits);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * width + height) + Arrays.hashCode(bits);
    }

    @Override
    public String toString() {
        return "Mask[" + width + "x" + height + ", " + count() + " set]";
    }
}
