package org.jfsac.fsac.synth;

import org.jfsac.clip.image.RgbImage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.RealVector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class PoissonBlendTest {
    private static final int[][] NEIGHBOURS = {{1, 0}, {-1, 0}, {0, 1}, {0, -1}};

    /** An irregular region: a disc joined to a bar, with a hole, away from the border. */
    private static Mask irregularRegion(int w, int h) {
        Mask m = new Mask(w, h);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double dx = x - w * 0.4;
                double dy = y - h * 0.5;
                boolean disc = dx * dx + dy * dy < (w * 0.25) * (w * 0.25) && dx * dx + dy * dy > 9;
                boolean bar = x > w / 2 && x < w - 3 && y > h / 2 - 3 && y < h / 2 + 2;
                m.set(x, y, disc || bar);
            }
        }
        return m;
    }

    private static double[] randomPlane(int n, SplittableRandom rng) {
        double[] p = new double[n];
        for (int i = 0; i < n; i++) {
            p[i] = rng.nextInt(256);
        }
        return p;
    }

    /** The guidance written out from the definition, independently of the solver. */
    private static double guidance(double[] src, double[] dst, int p, int q, PoissonBlend.Mode mode) {
        double gs = src[p] - src[q];
        double gd = dst[p] - dst[q];
        return mode == PoissonBlend.Mode.MIXED && Math.abs(gd) > Math.abs(gs) ? gd : gs;
    }

    @ParameterizedTest
    @EnumSource(PoissonBlend.Mode.class)
    void solutionSatisfiesDiscretePoissonEquationAndKeepsOutside(PoissonBlend.Mode mode) {
        int w = 41;
        int h = 37;
        SplittableRandom rng = new SplittableRandom(7);
        double[] src = randomPlane(w * h, rng);
        double[] dst = randomPlane(w * h, rng);
        Mask region = irregularRegion(w, h);
        double[] f = PoissonBlend.solveChannel(src, dst, region, mode);

        double residual2 = 0;
        double rhs2 = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = y * w + x;
                if (!region.get(x, y)) {
                    assertEquals(dst[p], f[p], 0.0, "outside the region the destination is kept exactly");
                    continue;
                }
                // Σ_q (f_p − f_q) = Σ_q v_pq over the 4 neighbours, f = destination on the boundary.
                double lhs = 0;
                double v = 0;
                double boundary = 0;
                for (int[] d : NEIGHBOURS) {
                    int q = (y + d[1]) * w + x + d[0];
                    lhs += f[p] - f[q];
                    v += guidance(src, dst, p, q, mode);
                    if (!region.get(x + d[0], y + d[1])) {
                        boundary += dst[q];
                    }
                }
                residual2 += (lhs - v) * (lhs - v);
                rhs2 += (v + boundary) * (v + boundary);
            }
        }
        // The solver's stopping rule is ‖b − Af‖ ≤ 1e-6‖b‖ with b = guidance + boundary terms; the few
        // ulps this test's own sums add are far below that.
        assertTrue(Math.sqrt(residual2) <= 1e-6 * Math.sqrt(rhs2),
                "relative residual " + Math.sqrt(residual2 / rhs2));
    }

    @ParameterizedTest
    @EnumSource(PoissonBlend.Mode.class)
    void matchesDenseDirectSolve(PoissonBlend.Mode mode) {
        int w = 24;
        int h = 22;
        SplittableRandom rng = new SplittableRandom(11);
        double[] src = randomPlane(w * h, rng);
        double[] dst = randomPlane(w * h, rng);
        Mask region = irregularRegion(w, h);
        int[] unknown = new int[w * h];
        int n = 0;
        for (int p = 0; p < w * h; p++) {
            unknown[p] = region.get(p % w, p / w) ? n++ : -1;
        }
        Array2DRowRealMatrix a = new Array2DRowRealMatrix(n, n);
        RealVector b = new ArrayRealVector(n);
        for (int p = 0; p < w * h; p++) {
            int i = unknown[p];
            if (i < 0) {
                continue;
            }
            a.setEntry(i, i, 4);
            for (int[] d : NEIGHBOURS) {
                int q = p + d[0] + d[1] * w;
                b.addToEntry(i, guidance(src, dst, p, q, mode));
                if (unknown[q] >= 0) {
                    a.setEntry(i, unknown[q], -1);
                } else {
                    b.addToEntry(i, dst[q]);
                }
            }
        }
        RealVector exact = new LUDecomposition(a).getSolver().solve(b);
        double[] f = PoissonBlend.solveChannel(src, dst, region, mode);
        // Relative residual 1e-6 times the condition number of this small Laplacian (< 100) bounds the
        // relative error by 1e-4; values are O(255), so 0.05 absolute is a safe, still meaningful bound.
        for (int p = 0; p < w * h; p++) {
            if (unknown[p] >= 0) {
                assertEquals(exact.getEntry(unknown[p]), f[p], 0.05, "pixel " + p);
            }
        }
        assertTrue(n > 60, "the region should be non-trivial, has " + n);
    }

    @Test
    void normalCloneOfShiftedDestinationReturnsDestination() {
        // Guidance ∇(dst + 37) = ∇dst, so f = dst solves the problem exactly.
        int w = 30;
        int h = 30;
        double[] dst = randomPlane(w * h, new SplittableRandom(3));
        double[] src = dst.clone();
        for (int i = 0; i < src.length; i++) {
            src[i] += 37;
        }
        double[] f = PoissonBlend.solveChannel(src, dst, irregularRegion(w, h), PoissonBlend.Mode.NORMAL);
        for (int i = 0; i < f.length; i++) {
            assertEquals(dst[i], f[i], 1e-3, "pixel " + i);
        }
    }

    @Test
    void flatSourceGivesHarmonicInterpolationOfRampBoundary() {
        // Zero guidance → f harmonic; a linear function is discrete-harmonic, so the ramp is reproduced.
        int w = 32;
        int h = 28;
        double[] dst = new double[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                dst[y * w + x] = 3 * x + 2 * y;
            }
        }
        double[] src = new double[w * h];
        java.util.Arrays.fill(src, 99);
        double[] f = PoissonBlend.solveChannel(src, dst, irregularRegion(w, h), PoissonBlend.Mode.NORMAL);
        for (int i = 0; i < f.length; i++) {
            assertEquals(dst[i], f[i], 1e-3, "pixel " + i);
        }
    }

    @Test
    void mixedKeepsStrongerDestinationTextureWhereNormalSmoothsItAway() {
        int w = 40;
        int h = 40;
        double[] dst = new double[w * h];
        for (int i = 0; i < dst.length; i++) {
            dst[i] = (i % w) % 2 == 0 ? 60 : 180; // strong vertical stripes
        }
        double[] flat = new double[w * h];
        java.util.Arrays.fill(flat, 120);
        Mask region = new Mask(w, h);
        region.fillBox(10, 10, 30, 30);

        double[] mixed = PoissonBlend.solveChannel(flat, dst, region, PoissonBlend.Mode.MIXED);
        double[] normal = PoissonBlend.solveChannel(flat, dst, region, PoissonBlend.Mode.NORMAL);
        double maxNormalDeviation = 0;
        for (int i = 0; i < dst.length; i++) {
            // Every edge picks the destination's ±120 step over the flat source's 0, so f = dst.
            assertEquals(dst[i], mixed[i], 1e-3, "mixed, pixel " + i);
            maxNormalDeviation = Math.max(maxNormalDeviation, Math.abs(normal[i] - dst[i]));
        }
        // Normal cloning of a flat patch interpolates the boundary smoothly: the ±60 stripes are gone inside.
        assertTrue(maxNormalDeviation > 50, "normal clone should lose the stripes, max deviation " + maxNormalDeviation);
        int centre = 20 * w + 20;
        assertEquals(0, normal[centre] - normal[centre + 1], 5, "no stripe step left in the middle");

        // Swap roles: source textured, destination flat → the source always wins, both modes agree exactly.
        double[] mixed2 = PoissonBlend.solveChannel(dst, flat, region, PoissonBlend.Mode.MIXED);
        double[] normal2 = PoissonBlend.solveChannel(dst, flat, region, PoissonBlend.Mode.NORMAL);
        for (int i = 0; i < dst.length; i++) {
            assertEquals(normal2[i], mixed2[i], 0.0, "pixel " + i);
        }
    }

    @Test
    void blendClampsOnlyAtTheEndAndKeepsOutside() {
        int w = 24;
        int h = 24;
        RgbImage dst = new RgbImage(w, h);
        RgbImage src = new RgbImage(w, h);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                dst.setRgb(x, y, 250, 128, 5);
                int v = x > 11 ? 255 : 0; // a 255 step inside the region pushes the solution out of 0..255
                src.setRgb(x, y, v, v, v);
            }
        }
        Mask region = new Mask(w, h);
        region.fillBox(4, 4, 20, 20);
        RgbImage out = PoissonBlend.blend(src, dst, region, PoissonBlend.Mode.NORMAL);
        double[] unclamped = PoissonBlend.solveChannel(src.channel(0), dst.channel(0), region, PoissonBlend.Mode.NORMAL);
        boolean exceeded = false;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double u = unclamped[y * w + x];
                exceeded |= u > 255.5 || u < -0.5;
                int expected = (int) Math.round(Math.max(0, Math.min(255, u)));
                assertEquals(expected, out.get(0, x, y), "(" + x + "," + y + ")");
                if (!region.get(x, y)) {
                    assertEquals(dst.get(1, x, y), out.get(1, x, y));
                }
            }
        }
        assertTrue(exceeded, "the construction should drive the unclamped solution out of range");
    }

    @Test
    void regionTouchingBorderIsRejected() {
        Mask region = new Mask(10, 10);
        region.fillBox(0, 3, 4, 6);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PoissonBlend.blend(new RgbImage(10, 10), new RgbImage(10, 10), region, PoissonBlend.Mode.NORMAL));
        assertTrue(e.getMessage().contains("border"), e.getMessage());
    }

    @Test
    void emptyRegionReturnsDestination() {
        RgbImage dst = new RgbImage(8, 8);
        dst.setRgb(3, 3, 1, 2, 3);
        assertEquals(dst, PoissonBlend.blend(new RgbImage(8, 8), dst, new Mask(8, 8), PoissonBlend.Mode.MIXED));
    }

}
