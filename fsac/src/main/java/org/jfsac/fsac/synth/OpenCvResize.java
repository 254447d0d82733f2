package org.jfsac.fsac.synth;

import org.jfsac.clip.image.RgbImage;

/**
 * {@code cv2.resize(img, (w, h))} of OpenCV 4.6 on 8-bit data (INTER_LINEAR, the default), bit for bit: the
 * authors' NSA rescales its patches and patch masks with it.
 *
 * <p>OpenCV's arithmetic, which a textbook bilinear filter misses by ±1 on about one pixel in eight:
 * <ul>
 * <li>source coordinate {@code (float)((d + 0.5)·scale − 0.5)} with {@code scale = 1 / (dst/src)} in double;
 *     weights {@code round((1 − f)·2048)} and {@code round(f·2048)} (INTER_RESIZE_COEF_BITS = 11);</li>
 * <li>columns before the first or after the last source pixel are clamped (weight 0 on the outside tap);
 *     rows are not: both taps are clamped to the edge row and keep their fractional weights;</li>
 * <li>the horizontal pass is exact in integers; the vertical pass is the SIMD kernel's
 *     {@code ((((S0>>4)·b0)>>16) + (((S1>>4)·b1)>>16) + 2) >> 2}, saturated to 0..255.</li>
 * </ul>
 * Checked against cv2.resize on RGB and 0/1 masks, up and down, including the exact ½ case that OpenCV
 * routes to INTER_AREA (same result).
 */
public final class OpenCvResize {
    private static final int COEF_BITS = 11;
    private static final int COEF_SCALE = 1 << COEF_BITS;

    private OpenCvResize() {
    }

    /** Resizes an RGB image to {@code newWidth × newHeight}. */
    public static RgbImage resize(RgbImage img, int newWidth, int newHeight) {
        RgbImage out = new RgbImage(newWidth, newHeight);
        for (int c = 0; c < 3; c++) {
            double[] ch = img.channel(c);
            int[] plane = new int[ch.length];
            for (int i = 0; i < ch.length; i++) {
                plane[i] = (int) ch[i];
            }
            int[] r = resize(plane, img.width(), img.height(), newWidth, newHeight);
            double[] outCh = new double[r.length];
            for (int i = 0; i < r.length; i++) {
                outCh[i] = r[i];
            }
            out.setChannel(c, outCh);
        }
        return out;
    }

    /** Resizes one row-major 8-bit plane (values 0..255) of {@code width × height}. */
    public static int[] resize(int[] plane, int width, int height, int newWidth, int newHeight) {
        if (width <= 0 || height <= 0 || newWidth <= 0 || newHeight <= 0) {
            throw new IllegalArgumentException("resize " + width + "x" + height + " -> " + newWidth + "x"
                    + newHeight + ": sizes must be positive");
        }
        if (plane.length != width * height) {
            throw new IllegalArgumentException("plane has " + plane.length + " values, not " + width + "x" + height);
        }
        Taps xs = Taps.of(width, newWidth, true);
        Taps ys = Taps.of(height, newHeight, false);
        int[] horizontal = new int[height * newWidth];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < newWidth; x++) {
                int s = y * width;
                horizontal[y * newWidth + x] = plane[s + xs.first[x]] * xs.w0[x] + plane[s + xs.second[x]] * xs.w1[x];
            }
        }
        int[] out = new int[newWidth * newHeight];
        for (int y = 0; y < newHeight; y++) {
            int r0 = ys.first[y] * newWidth;
            int r1 = ys.second[y] * newWidth;
            int b0 = ys.w0[y];
            int b1 = ys.w1[y];
            for (int x = 0; x < newWidth; x++) {
                int v = ((((horizontal[r0 + x] >> 4) * b0) >> 16) + (((horizontal[r1 + x] >> 4) * b1) >> 16) + 2) >> 2;
                out[y * newWidth + x] = Math.max(0, Math.min(255, v));
            }
        }
        return out;
    }

    /** Per output index: the two source indices and their fixed-point weights. */
    private record Taps(int[] first, int[] second, int[] w0, int[] w1) {
        static Taps of(int from, int to, boolean clampWeights) {
            int[] first = new int[to];
            int[] second = new int[to];
            int[] w0 = new int[to];
            int[] w1 = new int[to];
            double scale = 1.0 / ((double) to / from);
            for (int d = 0; d < to; d++) {
                float f = (float) ((d + 0.5) * scale - 0.5);
                int s = (int) Math.floor(f);
                f -= s;
                if (clampWeights && s < 0) {
                    f = 0;
                    s = 0;
                }
                if (clampWeights && s >= from - 1) {
                    f = 0;
                    s = from - 1;
                }
                first[d] = Math.max(0, Math.min(from - 1, s));
                second[d] = Math.max(0, Math.min(from - 1, s + 1));
                w0[d] = (int) Math.rint((1f - f) * COEF_SCALE);
                w1[d] = (int) Math.rint(f * COEF_SCALE);
            }
            return new Taps(first, second, w0, w1);
        }
    }
}
