package org.jfsac.fsac.report;

import org.jfsac.core.io.AtomicFiles;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * Heat maps of saliency (or anomaly) maps with the turbo colormap: low values dark blue, high values dark red.
 * Maps are {@code float[height][width]}, finite, rectangular and non-empty.
 */
public final class Heatmap {

    /**
     * matplotlib's turbo sampled at i/32 (0xRRGGBB), linearly interpolated between nodes: within 4/255 of the
     * full 256-entry table (see src/test/resources/report/make_turbo_reference.py, which printed these).
     */
    private static final int[] TURBO = {
        0x30123b, 0x392a73, 0x4040a2, 0x4456c7, 0x466be3, 0x4680f6, 0x4294ff, 0x37a8fa, 0x28bceb, 0x1ccdd8, 0x18ddc2,
        0x1fe9af, 0x32f298, 0x4ef97d, 0x6dfe62, 0x8bff4b, 0xa4fc3c, 0xb9f635, 0xcdec34, 0xdfdf37, 0xeecf3a, 0xf8be39,
        0xfdac34, 0xfe962b, 0xfb7e21, 0xf46617, 0xeb500e, 0xdf3f08, 0xd02f05, 0xbe2102, 0xa91601, 0x920b01, 0x7a0403,
    };

    private Heatmap() {
    }

    /** The colormap at {@code t} as 0xRRGGBB; {@code t} is clamped to [0, 1]. */
    public static int color(double t) {
        if (Double.isNaN(t)) {
            throw new IllegalArgumentException("colormap position is NaN");
        }
        double pos = Math.min(1, Math.max(0, t)) * (TURBO.length - 1);
        int i = Math.min((int) pos, TURBO.length - 2);
        double f = pos - i;
        int rgb = 0;
        for (int shift = 16; shift >= 0; shift -= 8) {
            int a = (TURBO[i] >> shift) & 0xff;
            int b = (TURBO[i + 1] >> shift) & 0xff;
            rgb |= (int) Math.round(a + (b - a) * f) << shift;
        }
        return rgb;
    }

    /** Colours {@code map} scaled by its own minimum and maximum; a constant map is all the low colour. */
    public static BufferedImage colorize(float[][] map) {
        double[] range = range(map);
        return colorize(map, range[0], range[1]);
    }

    /** Colours {@code map} with {@code lo} at the low end and {@code hi} at the high end; values outside clamp. */
    public static BufferedImage colorize(float[][] map, double lo, double hi) {
        range(map); // rejects ragged or non-finite maps with a message naming the place
        int h = map.length;
        int w = map[0].length;
        requireRange(lo, hi);
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                out.setRGB(x, y, color(normalise(map[y][x], lo, hi)));
            }
        }
        return out;
    }

    /**
     * {@code image} with the heat map of {@code map} (scaled by its own minimum and maximum, resized bilinearly to
     * the image) blended over it: {@code (1 − alpha)·image + alpha·colour}. An alpha channel of the image is
     * ignored; grey images keep their stored grey levels.
     */
    public static BufferedImage overlay(BufferedImage image, float[][] map, double alpha) {
        if (!(alpha >= 0 && alpha <= 1)) {
            throw new IllegalArgumentException("alpha is " + alpha + "; must be in [0, 1]");
        }
        double[] range = range(map);
        int w = image.getWidth();
        int h = image.getHeight();
        float[][] resized = resizeBilinear(map, h, w);
        BufferedImage base = Images.toRgb(image);
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int heat = color(normalise(resized[y][x], range[0], range[1]));
                int pixel = base.getRGB(x, y);
                int rgb = 0;
                for (int shift = 16; shift >= 0; shift -= 8) {
                    int a = (pixel >> shift) & 0xff;
                    int b = (heat >> shift) & 0xff;
                    rgb |= (int) Math.round((1 - alpha) * a + alpha * b) << shift;
                }
                out.setRGB(x, y, rgb);
            }
        }
        return out;
    }

    /**
     * Bilinear resize with the pixel-centre convention of torch's {@code interpolate(align_corners=False)} and
     * OpenCV's INTER_LINEAR (source = (dst + 0.5)·scale − 0.5, clamped to the edges; no antialiasing).
     */
    public static float[][] resizeBilinear(float[][] map, int height, int width) {
        int h = requireRectangular(map);
        int w = map[0].length;
        if (height <= 0 || width <= 0) {
            throw new IllegalArgumentException("target size " + height + "×" + width + " must be positive");
        }
        Taps ty = Taps.of(h, height);
        Taps tx = Taps.of(w, width);
        float[][] out = new float[height][width];
        for (int y = 0; y < height; y++) {
            float[] r0 = map[ty.lo[y]];
            float[] r1 = map[ty.hi[y]];
            double fy = ty.frac[y];
            for (int x = 0; x < width; x++) {
                double fx = tx.frac[x];
                double top = r0[tx.lo[x]] * (1 - fx) + r0[tx.hi[x]] * fx;
                double bottom = r1[tx.lo[x]] * (1 - fx) + r1[tx.hi[x]] * fx;
                out[y][x] = (float) (top * (1 - fy) + bottom * fy);
            }
        }
        return out;
    }

    /** Writes {@code image} as PNG, atomically. */
    public static void writePng(BufferedImage image, Path file) throws IOException {
        org.jfsac.clip.image.Png.write(image, file);
    }

    /** For each destination index along one axis: the two source indices and the weight of the second. */
    private record Taps(int[] lo, int[] hi, double[] frac) {
        static Taps of(int from, int to) {
            int[] lo = new int[to];
            int[] hi = new int[to];
            double[] frac = new double[to];
            double scale = (double) from / to;
            for (int d = 0; d < to; d++) {
                double s = Math.max(0, (d + 0.5) * scale - 0.5);
                int i = Math.min((int) s, from - 1);
                lo[d] = i;
                hi[d] = Math.min(i + 1, from - 1);
                frac[d] = i == from - 1 ? 0 : s - i;
            }
            return new Taps(lo, hi, frac);
        }
    }

    private static double normalise(double v, double lo, double hi) {
        return hi > lo ? (v - lo) / (hi - lo) : 0;
    }

    /** {min, max} of a finite map. */
    static double[] range(float[][] map) {
        int h = requireRectangular(map);
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < map[y].length; x++) {
                float v = map[y][x];
                if (!Float.isFinite(v)) {
                    throw new IllegalArgumentException("map value at row " + y + ", column " + x + " is " + v);
                }
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        return new double[] {lo, hi};
    }

    private static void requireRange(double lo, double hi) {
        if (!Double.isFinite(lo) || !Double.isFinite(hi) || lo > hi) {
            throw new IllegalArgumentException("colour range [" + lo + ", " + hi + "] must be finite with lo <= hi");
        }
    }

    /** The height of a non-empty rectangular map. */
    static int requireRectangular(float[][] map) {
        if (map == null || map.length == 0 || map[0] == null || map[0].length == 0) {
            throw new IllegalArgumentException("map is null or empty");
        }
        for (int y = 1; y < map.length; y++) {
            if (map[y] == null || map[y].length != map[0].length) {
                throw new IllegalArgumentException("map row " + y + " has "
                        + (map[y] == null ? "no values" : map[y].length + " values") + ", row 0 has " + map[0].length);
            }
        }
        return map.length;
    }
}
