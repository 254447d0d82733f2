package org.jfsac.clip.image;

/**
 * Pillow 9.4's resampling, ported so that results are bit-identical: {@code ImagingResample}
 * with the bicubic filter (libImaging/Resample.c) for 8-bit and 32-bit integer images, and the
 * nearest-neighbour scaling Pillow uses for palette and 1-bit images ({@code ImagingScaleAffine}
 * in libImaging/Geometry.c).
 *
 * <p>Bicubic is separable: a horizontal pass, then a vertical one, each skipped when that side
 * keeps its size. Per output pixel the kernel (a = -0.5) is sampled over a support widened by the
 * downscale factor, normalised to sum 1 in double precision, and for 8-bit images turned into
 * fixed point with 22 fraction bits; each pass rounds and clips to 0..255. Pillow's own crop of
 * the rows the vertical pass needs is an optimisation with no effect on values, so all rows are
 * resampled here.
 */
final class PillowResample {
    /** 32 bits minus 8 for the result and 2 for the kernel's overshoot. */
    private static final int PRECISION_BITS = 32 - 8 - 2;
    private static final double BICUBIC_SUPPORT = 2.0;

    private PillowResample() {
    }

    /** Where one output pixel reads along an axis: {@code count} inputs from {@code first}, with their weights. */
    private static final class Weights {
        final int ksize;
        final int[] first;
        final int[] count;
        final double[] kernel;

        Weights(int outSize, int ksize) {
            this.ksize = ksize;
            this.first = new int[outSize];
            this.count = new int[outSize];
            this.kernel = new double[outSize * ksize];
        }

        /** {@code normalize_coeffs_8bpc}: round half away from zero into fixed point. */
        int[] fixedPoint() {
            int[] fixed = new int[kernel.length];
            for (int i = 0; i < kernel.length; i++) {
                double scaled = kernel[i] * (1 << PRECISION_BITS);
                fixed[i] = (int) (kernel[i] < 0 ? -0.5 + scaled : 0.5 + scaled);
            }
            return fixed;
        }
    }

    static double bicubic(double x) {
        final double a = -0.5;
        if (x < 0.0) {
            x = -x;
        }
        if (x < 1.0) {
            return ((a + 2.0) * x - (a + 3.0)) * x * x + 1;
        }
        if (x < 2.0) {
            return (((x - 5) * x + 8) * x - 4) * a;
        }
        return 0.0;
    }

    /** {@code precompute_coeffs} for the whole input range (no box). */
    private static Weights precompute(int inSize, int outSize) {
        double scale = (double) inSize / outSize;
        double filterScale = Math.max(scale, 1.0);
        double support = BICUBIC_SUPPORT * filterScale;
        Weights w = new Weights(outSize, (int) Math.ceil(support) * 2 + 1);
        for (int xx = 0; xx < outSize; xx++) {
            double center = (xx + 0.5) * scale;
            double ss = 1.0 / filterScale;
            int xmin = Math.max((int) (center - support + 0.5), 0);
            int xmax = Math.min((int) (center + support + 0.5), inSize) - xmin;
            double sum = 0.0;
            int row = xx * w.ksize;
            for (int x = 0; x < xmax; x++) {
                double k = bicubic((x + xmin - center + 0.5) * ss);
                w.kernel[row + x] = k;
                sum += k;
            }
            if (sum != 0.0) {
                for (int x = 0; x < xmax; x++) {
                    w.kernel[row + x] /= sum;
                }
            }
            w.first[xx] = xmin;
            w.count[xx] = xmax;
        }
        return w;
    }

    /** Bicubic resize of interleaved 8-bit samples, {@code channels} per pixel. */
    static byte[] bicubic8(byte[] src, int width, int height, int channels, int outWidth, int outHeight) {
        byte[] out = src;
        int w = width;
        if (outWidth != width) {
            out = pass8(out, w, height, channels, precompute(width, outWidth), true);
            w = outWidth;
        }
        if (outHeight != height) {
            out = pass8(out, w, height, channels, precompute(height, outHeight), false);
        }
        return out == src ? src.clone() : out;
    }

    /** One 8-bit pass along x ({@code horizontal}) or y, rounding by the half added up front, clipping to 0..255. */
    private static byte[] pass8(byte[] src, int width, int height, int channels, Weights w, boolean horizontal) {
        int outW = horizontal ? w.first.length : width;
        int outH = horizontal ? height : w.first.length;
        int[] k = w.fixedPoint();
        byte[] out = new byte[outW * outH * channels];
        int step = horizontal ? channels : width * channels;
        for (int y = 0; y < outH; y++) {
            for (int x = 0; x < outW; x++) {
                int o = horizontal ? x : y;
                int base = horizontal ? (y * width + w.first[o]) * channels : (w.first[o] * width + x) * channels;
                int kRow = o * w.ksize;
                for (int c = 0; c < channels; c++) {
                    int ss = 1 << (PRECISION_BITS - 1);
                    int at = base + c;
                    for (int i = 0; i < w.count[o]; i++, at += step) {
                        ss += (src[at] & 0xFF) * k[kRow + i];
                    }
                    out[(y * outW + x) * channels + c] = (byte) clip8(ss);
                }
            }
        }
        return out;
    }

    private static int clip8(int fixed) {
        int v = fixed >> PRECISION_BITS;
        return v < 0 ? 0 : Math.min(v, 255);
    }

    /** Bicubic resize of a 32-bit integer image (Pillow mode "I"): double sums, rounded half away from zero, no clipping. */
    static int[] bicubic32(int[] src, int width, int height, int outWidth, int outHeight) {
        int[] out = src;
        int w = width;
        if (outWidth != width) {
            out = pass32(out, w, height, precompute(width, outWidth), true);
            w = outWidth;
        }
        if (outHeight != height) {
            out = pass32(out, w, height, precompute(height, outHeight), false);
        }
        return out == src ? src.clone() : out;
    }

    private static int[] pass32(int[] src, int width, int height, Weights w, boolean horizontal) {
        int outW = horizontal ? w.first.length : width;
        int outH = horizontal ? height : w.first.length;
        int[] out = new int[outW * outH];
        int step = horizontal ? 1 : width;
        for (int y = 0; y < outH; y++) {
            for (int x = 0; x < outW; x++) {
                int o = horizontal ? x : y;
                int at = horizontal ? y * width + w.first[o] : w.first[o] * width + x;
                double ss = 0.0;
                for (int i = 0; i < w.count[o]; i++, at += step) {
                    ss += src[at] * w.kernel[o * w.ksize + i];
                }
                out[y * outW + x] = (int) (ss >= 0.0 ? ss + 0.5 : ss - 0.5);
            }
        }
        return out;
    }

    /**
     * Nearest-neighbour resize as {@code ImagingScaleAffine}: source position accumulated in double
     * from half a step, truncated; positions outside the source are filled with 0.
     */
    static byte[] nearest(byte[] src, int width, int height, int channels, int outWidth, int outHeight) {
        int[] xs = nearestSources(width, outWidth);
        int[] ys = nearestSources(height, outHeight);
        byte[] out = new byte[outWidth * outHeight * channels];
        for (int y = 0; y < outHeight; y++) {
            if (ys[y] < 0) {
                continue;
            }
            for (int x = 0; x < outWidth; x++) {
                if (xs[x] >= 0) {
                    System.arraycopy(src, (ys[y] * width + xs[x]) * channels, out, (y * outWidth + x) * channels, channels);
                }
            }
        }
        return out;
    }

    private static int[] nearestSources(int inSize, int outSize) {
        double step = (double) inSize / outSize;
        double position = step * 0.5;
        int[] sources = new int[outSize];
        for (int i = 0; i < outSize; i++) {
            int s = position < 0.0 ? -1 : (int) position;
            sources[i] = s < inSize ? s : -1;
            position += step;
        }
        return sources;
    }
}
