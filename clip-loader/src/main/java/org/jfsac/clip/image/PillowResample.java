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
 * fixed point with 22 fraction bits; each pass rounds and clips to 0..255.
 *
 * <p>Every output pixel depends only on its own coordinates, so a window of the resized image (what a
 * resize followed by a crop keeps) is computed alone, reading only the input rows its vertical pass
 * needs, as Pillow's own row box does: the work is bounded by the window and the input, never by
 * the full resized size, which an elongated image can make huge (a 1×65535 PNG of a few hundred
 * bytes, resized so that its short side is 224, would be 224×14.7M pixels).
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

    /** {@code precompute_coeffs} for the whole input range (no box), for output pixels {@code from .. from + count - 1}. */
    private static Weights precompute(int inSize, int outSize, int from, int count) {
        double scale = (double) inSize / outSize;
        double filterScale = Math.max(scale, 1.0);
        double support = BICUBIC_SUPPORT * filterScale;
        Weights w = new Weights(count, (int) Math.ceil(support) * 2 + 1);
        for (int j = 0; j < count; j++) {
            int xx = from + j;
            double center = (xx + 0.5) * scale;
            double ss = 1.0 / filterScale;
            int xmin = Math.max((int) (center - support + 0.5), 0);
            int xmax = Math.min((int) (center + support + 0.5), inSize) - xmin;
            double sum = 0.0;
            int row = j * w.ksize;
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
            w.first[j] = xmin;
            w.count[j] = xmax;
        }
        return w;
    }

    /**
     * Columns {@code x0 .. x0 + cw - 1} and rows {@code y0 .. y0 + ch - 1} of a resize to {@code outWidth × outHeight}:
     * what the horizontal and vertical passes need, each null when that side keeps its size.
     */
    private record Plan(Weights horizontal, Weights vertical, int firstRow, int endRow) {
        static Plan of(int width, int height, int outWidth, int outHeight, int x0, int y0, int cw, int ch) {
            checkWindow(outWidth, outHeight, x0, y0, cw, ch);
            Weights h = outWidth != width ? precompute(width, outWidth, x0, cw) : null;
            if (outHeight == height) return new Plan(h, null, y0, y0 + ch);
            Weights v = precompute(height, outHeight, y0, ch);
            int first = ch == 0 ? 0 : v.first[0], end = first;
            for (int j = 0; j < ch; j++) end = Math.max(end, v.first[j] + v.count[j]);
            for (int j = 0; j < ch; j++) v.first[j] -= first; // rows of the slice the horizontal pass makes
            return new Plan(h, v, first, end);
        }

        /** The input rows the vertical pass reads, and the columns to keep where there is no horizontal pass. */
        <A> A rows(A src, int width, int channels, int x0, int cw) {
            return horizontal == null ? crop(src, width, channels, x0, firstRow, cw, endRow - firstRow)
                    : crop(src, width, channels, 0, firstRow, width, endRow - firstRow);
        }
    }

    private static void checkWindow(int outWidth, int outHeight, int x0, int y0, int cw, int ch) {
        if (x0 < 0 || y0 < 0 || cw < 0 || ch < 0 || x0 + cw > outWidth || y0 + ch > outHeight) {
            throw new IllegalArgumentException("window " + cw + "x" + ch + " at (" + x0 + ", " + y0 + ") is outside "
                    + outWidth + "x" + outHeight);
        }
    }

    /** Rows {@code y0 ..} and columns {@code x0 ..} of interleaved samples (a byte[] or an int[]), as a new array. */
    static <A> A crop(A src, int width, int channels, int x0, int y0, int cw, int ch) {
        @SuppressWarnings("unchecked")
        A out = (A) java.lang.reflect.Array.newInstance(src.getClass().getComponentType(), cw * ch * channels);
        for (int y = 0; y < ch; y++) {
            System.arraycopy(src, ((y0 + y) * width + x0) * channels, out, y * cw * channels, cw * channels);
        }
        return out;
    }

    /**
     * The window {@code cw × ch} at ({@code x0}, {@code y0}) of the bicubic resize of interleaved 8-bit samples,
     * {@code channels} per pixel, to {@code outWidth × outHeight}.
     */
    static byte[] bicubic8(byte[] src, int width, int height, int channels, int outWidth, int outHeight, int x0, int y0, int cw, int ch) {
        Plan plan = Plan.of(width, height, outWidth, outHeight, x0, y0, cw, ch);
        byte[] out = plan.rows(src, width, channels, x0, cw);
        int rows = plan.endRow() - plan.firstRow();
        if (plan.horizontal() != null) out = pass8(out, width, rows, channels, plan.horizontal(), true);
        if (plan.vertical() != null) out = pass8(out, cw, rows, channels, plan.vertical(), false);
        return out;
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

    /**
     * The window {@code cw × ch} at ({@code x0}, {@code y0}) of the bicubic resize of a 32-bit integer image (Pillow
     * mode "I") to {@code outWidth × outHeight}: double sums, rounded half away from zero, no clipping.
     */
    static int[] bicubic32(int[] src, int width, int height, int outWidth, int outHeight, int x0, int y0, int cw, int ch) {
        Plan plan = Plan.of(width, height, outWidth, outHeight, x0, y0, cw, ch);
        int[] out = plan.rows(src, width, 1, x0, cw);
        int rows = plan.endRow() - plan.firstRow();
        if (plan.horizontal() != null) out = pass32(out, width, rows, plan.horizontal(), true);
        if (plan.vertical() != null) out = pass32(out, cw, rows, plan.vertical(), false);
        return out;
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
     * The window {@code cw × ch} at ({@code x0}, {@code y0}) of the nearest-neighbour resize to {@code outWidth ×
     * outHeight} as {@code ImagingScaleAffine}: source position accumulated in double from half a step, truncated;
     * positions outside the source are filled with 0.
     */
    static byte[] nearest(byte[] src, int width, int height, int channels, int outWidth, int outHeight, int x0, int y0, int cw, int ch) {
        checkWindow(outWidth, outHeight, x0, y0, cw, ch);
        int[] xs = nearestSources(width, outWidth, x0, cw);
        int[] ys = nearestSources(height, outHeight, y0, ch);
        byte[] out = new byte[cw * ch * channels];
        for (int y = 0; y < ch; y++) {
            if (ys[y] < 0) {
                continue;
            }
            for (int x = 0; x < cw; x++) {
                if (xs[x] >= 0) {
                    System.arraycopy(src, (ys[y] * width + xs[x]) * channels, out, (y * cw + x) * channels, channels);
                }
            }
        }
        return out;
    }

    /** Sources of output pixels {@code from .. from + count - 1}; the position is accumulated from 0 as Pillow does. */
    private static int[] nearestSources(int inSize, int outSize, int from, int count) {
        double step = (double) inSize / outSize;
        double position = step * 0.5;
        for (int i = 0; i < from; i++) position += step;
        int[] sources = new int[count];
        for (int i = 0; i < count; i++) {
            int s = position < 0.0 ? -1 : (int) position;
            sources[i] = s < inSize ? s : -1;
            position += step;
        }
        return sources;
    }
}
