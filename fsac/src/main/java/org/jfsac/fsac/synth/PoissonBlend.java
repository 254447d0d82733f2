package org.jfsac.fsac.synth;

import org.jfsac.clip.image.RgbImage;

/**
 * Poisson image editing (Pérez, Gangnet &amp; Blake 2003), "seamless cloning".
 *
 * <p>Inside the region Ω, per channel, it solves the discrete 5-point Poisson equation
 * <pre>  |N_p| f_p − Σ_{q∈N_p∩Ω} f_q = Σ_{q∈N_p∩∂Ω} f*_q + Σ_{q∈N_p} v_pq</pre>
 * with Dirichlet boundary f* = destination, where v_pq is the guidance: g_p − g_q of the source ("normal clone"),
 * or, per edge, whichever of the source and destination differences is larger in magnitude ("mixed clone").
 * The system is symmetric positive definite (a Laplacian with at least one Dirichlet neighbour per component),
 * so it is solved by conjugate gradient, matrix-free over the masked pixels.
 *
 * <p>The source must already be aligned with the destination (same size; the caller places the patch).
 * The region may not touch the image border: every region pixel needs its four neighbours.
 */
public final class PoissonBlend {
    public enum Mode { NORMAL, MIXED }

    /** CG stops when ‖b − Ax‖ ≤ TOLERANCE·‖b‖. */
    public static final double TOLERANCE = 1e-6;

    private static final int[] DX = {1, -1, 0, 0};
    private static final int[] DY = {0, 0, 1, -1};

    private PoissonBlend() {
    }

    /** Blends {@code source} into {@code destination} over {@code region}; the result is clamped to 0..255. */
    public static RgbImage blend(RgbImage source, RgbImage destination, Mask region, Mode mode) {
        int w = destination.width();
        int h = destination.height();
        if (source.width() != w || source.height() != h || region.width() != w || region.height() != h) {
            throw new IllegalArgumentException("source " + source + ", destination " + destination + " and region "
                    + region + " must have the same size");
        }
        Domain domain = new Domain(region);
        RgbImage out = destination.copy();
        for (int c = 0; c < 3; c++) {
            out.setChannel(c, domain.solve(source.channel(c), destination.channel(c), mode));
        }
        return out;
    }

    /**
     * One channel, unclamped: returns a full w×h plane equal to {@code destination} outside the region and the
     * Poisson solution inside. Planes are row-major.
     */
    public static double[] solveChannel(double[] source, double[] destination, Mask region, Mode mode) {
        int n = region.width() * region.height();
        if (source.length != n || destination.length != n) {
            throw new IllegalArgumentException("planes must have " + n + " values for a " + region.width() + "x"
                    + region.height() + " region, got " + source.length + " and " + destination.length);
        }
        return new Domain(region).solve(source, destination, mode);
    }

    /** The unknowns (region pixels) and their in-region neighbours, shared by the three channels. */
    private static final class Domain {
        final int width;
        final int[] pixel;      // unknown i -> pixel index y*width+x
        final int[] neighbours; // 4 per unknown: unknown index of the neighbour, or -1 if it is on the boundary

        Domain(Mask region) {
            width = region.width();
            int height = region.height();
            int[] unknownOf = new int[width * height];
            int n = 0;
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    if (region.get(x, y)) {
                        if (x == 0 || y == 0 || x == width - 1 || y == height - 1) {
                            throw new IllegalArgumentException("blend region touches the image border at (" + x + ","
                                    + y + "); the Poisson boundary needs a ring of destination pixels");
                        }
                        unknownOf[y * width + x] = n++;
                    } else {
                        unknownOf[y * width + x] = -1;
                    }
                }
            }
            pixel = new int[n];
            neighbours = new int[4 * n];
            for (int p = 0; p < unknownOf.length; p++) {
                int i = unknownOf[p];
                if (i < 0) {
                    continue;
                }
                pixel[i] = p;
                for (int k = 0; k < 4; k++) {
                    neighbours[4 * i + k] = unknownOf[p + DX[k] + DY[k] * width];
                }
            }
        }

        double[] solve(double[] src, double[] dst, Mode mode) {
            int n = pixel.length;
            double[] out = dst.clone();
            if (n == 0) {
                return out;
            }
            double[] b = new double[n];
            for (int i = 0; i < n; i++) {
                int p = pixel[i];
                double s = 0;
                for (int k = 0; k < 4; k++) {
                    int q = p + DX[k] + DY[k] * width;
                    s += guidance(src, dst, p, q, mode);
                    if (neighbours[4 * i + k] < 0) {
                        s += dst[q];
                    }
                }
                b[i] = s;
            }
            double[] x = new double[n];
            for (int i = 0; i < n; i++) {
                x[i] = dst[pixel[i]]; // start from the destination: close to the answer when the patch is similar
            }
            conjugateGradient(b, x);
            for (int i = 0; i < n; i++) {
                out[pixel[i]] = x[i];
            }
            return out;
        }

        private static double guidance(double[] src, double[] dst, int p, int q, Mode mode) {
            double gs = src[p] - src[q];
            if (mode == Mode.MIXED) {
                double gd = dst[p] - dst[q];
                return Math.abs(gd) > Math.abs(gs) ? gd : gs;
            }
            return gs;
        }

        /** y = A x: 4 on the diagonal, −1 for each in-region neighbour. */
        private void apply(double[] x, double[] y) {
            for (int i = 0; i < x.length; i++) {
                double s = 4 * x[i];
                for (int k = 4 * i; k < 4 * i + 4; k++) {
                    int j = neighbours[k];
                    if (j >= 0) {
                        s -= x[j];
                    }
                }
                y[i] = s;
            }
        }

        private void conjugateGradient(double[] b, double[] x) {
            double bNorm = Math.sqrt(dot(b, b));
            if (bNorm == 0) {
                java.util.Arrays.fill(x, 0); // A is nonsingular, so b = 0 means x = 0
                return;
            }
            double target = TOLERANCE * bNorm;
            // The recurrence residual can drift from the true one, so the true residual decides; a restart
            // from the current x recovers the few digits lost to rounding.
            double trueResidual = Double.NaN;
            for (int restart = 0; restart < 3; restart++) {
                cgRun(b, x, target);
                trueResidual = Math.sqrt(residualSquared(b, x));
                if (trueResidual <= target) {
                    return;
                }
            }
            throw new ArithmeticException("Poisson CG did not reach relative residual " + TOLERANCE + " on "
                    + b.length + " unknowns (got " + trueResidual / bNorm + ")");
        }

        private double residualSquared(double[] b, double[] x) {
            double[] ax = new double[x.length];
            apply(x, ax);
            double s = 0;
            for (int i = 0; i < x.length; i++) {
                double r = b[i] - ax[i];
                s += r * r;
            }
            return s;
        }

        private void cgRun(double[] b, double[] x, double target) {
            int n = b.length;
            double[] ap = new double[n];
            apply(x, ap);
            double[] r = new double[n];
            for (int i = 0; i < n; i++) {
                r[i] = b[i] - ap[i];
            }
            double[] p = r.clone();
            double rr = dot(r, r);
            // Exact arithmetic needs at most n steps; the slack covers rounding on ill-conditioned large regions.
            int maxIterations = 2 * n + 100;
            for (int it = 0; it < maxIterations && Math.sqrt(rr) > target; it++) {
                apply(p, ap);
                double alpha = rr / dot(p, ap);
                for (int i = 0; i < n; i++) {
                    x[i] += alpha * p[i];
                    r[i] -= alpha * ap[i];
                }
                double rrNew = dot(r, r);
                double beta = rrNew / rr;
                for (int i = 0; i < n; i++) {
                    p[i] = r[i] + beta * p[i];
                }
                rr = rrNew;
            }
        }

        private static double dot(double[] a, double[] b) {
            double s = 0;
            for (int i = 0; i < a.length; i++) {
                s += a[i] * b[i];
            }
            return s;
        }
    }
}
