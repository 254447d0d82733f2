package org.jfsac.fsac.synth;

import org.jfsac.clip.image.RgbImage;

/**
 * {@code cv2.seamlessClone(src, dst, mask, center, flags)} of OpenCV 4.6 (modules/photo/src/seamless_cloning.cpp
 * and seamless_cloning_impl.cpp), the paste of the CLIP-FSAC++ authors' NSA, ported step by step:
 * <ol>
 * <li>the mask's own outer one-pixel ring is set to 0 (so a mask that touches its border is accepted, not
 *     refused); its bounding box R of non-zero pixels is placed with its top-left corner at
 *     {@code center − (R.width/2, R.height/2)} (integer division) in the destination;</li>
 * <li>the source is zeroed outside the mask; the mask is eroded three times by a 3×3 square (a 7×7 minimum,
 *     zero outside R) and scaled to weights m = value/255;</li>
 * <li>guidance per channel: forward differences (reflect-101 at the far edge) of the source weighted by m
 *     plus those of the destination weighted by 1 − m; MIXED takes, per pixel <em>and channel</em>, the
 *     destination's pair instead when {@code |sx − sy| ≤ |dx − dy|} (OpenCV's test, not a magnitude);</li>
 * <li>the divergence (backward differences, reflect-101) is solved on the whole box R with its own outer ring as
 *     the Dirichlet boundary, by a type-I sine transform in both directions, and converted to 8 bits by
 *     truncation (OpenCV deliberately does not round), clamped to 0..255.</li>
 * </ol>
 * The box's ring and everything outside it keep the destination. OpenCV runs the transform in float32; here it
 * runs in double (the rest mirrors OpenCV's float steps), so a value that lands within float rounding of an
 * integer can truncate to the neighbouring level: results agree to within one level almost everywhere.
 */
public final class OpenCvSeamlessClone {
    private static final int ERODE_RADIUS = 3; // three iterations of a 3×3 kernel

    private OpenCvSeamlessClone() {
    }

    /**
     * Clones {@code src} into a copy of {@code dst}.
     *
     * @param mask    8-bit mask values 0..255, row-major, the size of {@code src}
     * @param centerX destination column of the box centre (OpenCV's {@code p.x})
     * @param centerY destination row of the box centre
     * @throws IllegalArgumentException where OpenCV raises: a box outside the destination or under 3 pixels
     *                                  wide or high
     */
    public static RgbImage apply(RgbImage src, RgbImage dst, int[] mask, int centerX, int centerY,
                                 PoissonBlend.Mode mode) {
        int sw = src.width();
        int sh = src.height();
        if (mask.length != sw * sh) {
            throw new IllegalArgumentException("mask has " + mask.length + " values, the source is " + sw + "x" + sh);
        }
        for (int i = 0; i < mask.length; i++) {
            if (mask[i] < 0 || mask[i] > 255) {
                throw new IllegalArgumentException("mask value " + mask[i] + " at (" + i % sw + "," + i / sw
                        + ") outside 0..255");
            }
        }
        int[] m = new int[mask.length];
        int x0 = Integer.MAX_VALUE, y0 = Integer.MAX_VALUE, x1 = -1, y1 = -1;
        for (int y = 1; y < sh - 1; y++) {
            for (int x = 1; x < sw - 1; x++) {
                int v = mask[y * sw + x];
                m[y * sw + x] = v;
                if (v != 0) {
                    x0 = Math.min(x0, x);
                    y0 = Math.min(y0, y);
                    x1 = Math.max(x1, x);
                    y1 = Math.max(y1, y);
                }
            }
        }
        RgbImage out = dst.copy();
        if (x1 < 0) {
            return out; // OpenCV returns the destination for an empty mask
        }
        int bw = x1 - x0 + 1;
        int bh = y1 - y0 + 1;
        int dx0 = centerX - bw / 2;
        int dy0 = centerY - bh / 2;
        if (dx0 < 0 || dy0 < 0 || dx0 + bw > dst.width() || dy0 + bh > dst.height()) {
            throw new IllegalArgumentException("seamless clone box " + bw + "x" + bh + " at (" + dx0 + "," + dy0
                    + ") is outside the " + dst.width() + "x" + dst.height() + " destination");
        }
        if (bw < 3 || bh < 3) {
            throw new IllegalArgumentException("seamless clone box " + bw + "x" + bh + " has no interior");
        }
        float[] weight = new float[bw * bh];
        float[] inverse = new float[bw * bh];
        int[] eroded = erode(m, sw, x0, y0, bw, bh);
        for (int i = 0; i < eroded.length; i++) {
            weight[i] = eroded[i] / 255f;
            inverse[i] = (255 - eroded[i]) / 255f;
        }
        for (int c = 0; c < 3; c++) {
            float[] s = new float[bw * bh];
            float[] d = new float[bw * bh];
            for (int y = 0; y < bh; y++) {
                for (int x = 0; x < bw; x++) {
                    s[y * bw + x] = m[(y0 + y) * sw + x0 + x] != 0 ? src.get(c, x0 + x, y0 + y) : 0;
                    d[y * bw + x] = dst.get(c, dx0 + x, dy0 + y);
                }
            }
            float[] lap = guidanceDivergence(s, d, weight, inverse, bw, bh, mode);
            int[] solved = solve(d, lap, bw, bh);
            for (int y = 1; y < bh - 1; y++) {
                for (int x = 1; x < bw - 1; x++) {
                    out.set(c, dx0 + x, dy0 + y, solved[y * bw + x]);
                }
            }
        }
        return out;
    }

    /** Seven-by-seven minimum over the box, reading the (zero) mask around it. */
    private static int[] erode(int[] m, int sw, int x0, int y0, int bw, int bh) {
        int sh = m.length / sw;
        int[] out = new int[bw * bh];
        for (int y = 0; y < bh; y++) {
            for (int x = 0; x < bw; x++) {
                int min = 255;
                for (int dy = -ERODE_RADIUS; dy <= ERODE_RADIUS && min > 0; dy++) {
                    for (int dx = -ERODE_RADIUS; dx <= ERODE_RADIUS; dx++) {
                        int xx = x0 + x + dx;
                        int yy = y0 + y + dy;
                        // Outside R the mask is 0 (R bounds every non-zero pixel); beyond the mask itself OpenCV
                        // pads erosion with the maximum, but R's zero ring is always nearer.
                        int v = xx < 0 || yy < 0 || xx >= sw || yy >= sh ? 255 : m[yy * sw + xx];
                        min = Math.min(min, v);
                    }
                }
                out[y * bw + x] = min;
            }
        }
        return out;
    }

    /** Divergence of the blended guidance field, float32 as in OpenCV. */
    private static float[] guidanceDivergence(float[] s, float[] d, float[] weight, float[] inverse, int w, int h,
                                              PoissonBlend.Mode mode) {
        float[] sx = forwardDifference(s, w, h, 1, 0);
        float[] sy = forwardDifference(s, w, h, 0, 1);
        float[] dxg = forwardDifference(d, w, h, 1, 0);
        float[] dyg = forwardDifference(d, w, h, 0, 1);
        float[] gx = new float[w * h];
        float[] gy = new float[w * h];
        for (int i = 0; i < gx.length; i++) {
            boolean source = mode == PoissonBlend.Mode.NORMAL
                    || Math.abs(sx[i] - sy[i]) > Math.abs(dxg[i] - dyg[i]);
            float px = (source ? sx[i] : dxg[i]) * weight[i];
            float py = (source ? sy[i] : dyg[i]) * weight[i];
            gx[i] = dxg[i] * inverse[i] + px;
            gy[i] = dyg[i] * inverse[i] + py;
        }
        float[] lx = backwardDifference(gx, w, h, 1, 0);
        float[] ly = backwardDifference(gy, w, h, 0, 1);
        for (int i = 0; i < lx.length; i++) {
            lx[i] += ly[i];
        }
        return lx;
    }

    /** {@code f(p + step) − f(p)}: filter2D with kernel [0, −1, 1], reflect-101 past the last pixel. */
    private static float[] forwardDifference(float[] f, int w, int h, int stepX, int stepY) {
        float[] out = new float[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                out[y * w + x] = f[reflect101(y + stepY, h) * w + reflect101(x + stepX, w)] - f[y * w + x];
            }
        }
        return out;
    }

    /** {@code f(p) − f(p − step)}: filter2D with kernel [−1, 1, 0], reflect-101 before the first pixel. */
    private static float[] backwardDifference(float[] f, int w, int h, int stepX, int stepY) {
        float[] out = new float[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                out[y * w + x] = f[y * w + x] - f[reflect101(y - stepY, h) * w + reflect101(x - stepX, w)];
            }
        }
        return out;
    }

    private static int reflect101(int i, int n) {
        if (n == 1) {
            return 0;
        }
        if (i < 0) {
            return -i;
        }
        return i >= n ? 2 * n - 2 - i : i;
    }

    /**
     * Solves Δf = lap inside the box with f = img on its ring (OpenCV's poissonSolver + solve); returns the
     * truncated 8-bit result for the whole box (ring = img).
     */
    private static int[] solve(float[] img, float[] lap, int w, int h) {
        int iw = w - 2;
        int ih = h - 2;
        double[] rhs = new double[iw * ih];
        for (int y = 1; y < h - 1; y++) {
            for (int x = 1; x < w - 1; x++) {
                // Laplacian of the image with its interior zeroed: only ring neighbours contribute.
                float ring = 0;
                ring += y == 1 ? img[(y - 1) * w + x] : 0;
                ring += y == h - 2 ? img[(y + 1) * w + x] : 0;
                ring += x == 1 ? img[y * w + x - 1] : 0;
                ring += x == w - 2 ? img[y * w + x + 1] : 0;
                rhs[(y - 1) * iw + x - 1] = lap[y * w + x] - ring;
            }
        }
        SineTransform rows = new SineTransform(iw);
        SineTransform cols = new SineTransform(ih);
        transform2d(rhs, iw, ih, rows, cols);
        float[] eigenX = eigenvalues(w);
        float[] eigenY = eigenvalues(h);
        for (int y = 0; y < ih; y++) {
            for (int x = 0; x < iw; x++) {
                rhs[y * iw + x] /= eigenX[x] + eigenY[y] - 4f;
            }
        }
        transform2d(rhs, iw, ih, rows, cols);
        double norm = 4.0 / ((double) (w - 1) * (h - 1));
        int[] out = new int[w * h];
        for (int i = 0; i < out.length; i++) {
            out[i] = (int) img[i];
        }
        for (int y = 0; y < ih; y++) {
            for (int x = 0; x < iw; x++) {
                float v = (float) (rhs[y * iw + x] * norm);
                out[(y + 1) * w + x + 1] = v < 0 ? 0 : v > 255 ? 255 : (int) v;
            }
        }
        return out;
    }

    /** OpenCV's filter_X / filter_Y: {@code 2·cos(π(i+1)/(n−1))} rounded to float. */
    private static float[] eigenvalues(int n) {
        float[] e = new float[n - 2];
        double scale = Math.PI / (n - 1);
        for (int i = 0; i < e.length; i++) {
            e[i] = 2.0f * (float) Math.cos(scale * (i + 1));
        }
        return e;
    }

    /** Sine transform of every row, then of every column (two sequences per complex transform). */
    private static void transform2d(double[] a, int w, int h, SineTransform rows, SineTransform cols) {
        for (int y = 0; y < h; y += 2) {
            rows.apply(a, y * w, y + 1 < h ? a : null, (y + 1) * w, 1);
        }
        for (int x = 0; x < w; x += 2) {
            cols.apply(a, x, x + 1 < w ? a : null, x + 1, w);
        }
    }
}
