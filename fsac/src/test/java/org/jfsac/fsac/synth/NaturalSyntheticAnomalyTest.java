package org.jfsac.fsac.synth;

import org.jfsac.clip.image.RgbImage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.apache.commons.math3.distribution.GammaDistribution;
import org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class NaturalSyntheticAnomalyTest {
    private static final int SIZE = 128;

    @Test
    void sameSeedSameImageBitForBit() {
        RgbImage img = TestImages.texture(SIZE, SIZE, 1);
        NaturalSyntheticAnomaly nsa = NaturalSyntheticAnomaly.visa();
        SyntheticSample a = nsa.apply(img, 7L);
        SyntheticSample b = nsa.apply(img, 7L);
        assertEquals(a.image(), b.image());
        assertEquals(a.mask(), b.mask());
        assertEquals(a.regions(), b.regions());
        assertNotEquals(a.image(), nsa.apply(img, 8L).image());
        assertEquals(TestImages.texture(SIZE, SIZE, 1), img, "the input is not modified");
    }

    @Test
    void halfWidthsFollowOffsetGamma() {
        // With bounds wide open, half-width = trunc((0.03 + G)·dim), G ~ Gamma(2, 0.05). At dim = 10^5 the
        // truncation (< 1 px of a ~13000 px mean) is invisible to a KS test against Gamma(2, 0.05·dim).
        NaturalSyntheticAnomaly nsa = NaturalSyntheticAnomaly.visa();
        SplittableRandom rng = new SplittableRandom(3);
        int dim = 100_000;
        double[] shifted = new double[3000];
        for (int i = 0; i < shifted.length; i++) {
            shifted[i] = nsa.sampleHalfWidth(dim, 0, Integer.MAX_VALUE, rng) + 0.5 - 0.03 * dim;
        }
        double p = new KolmogorovSmirnovTest().kolmogorovSmirnovTest(
                new GammaDistribution(2, 0.05 * dim), shifted);
        assertTrue(p > 1e-3, "KS p-value " + p); // fixed seed: deterministic, not flaky

        for (int i = 0; i < 2000; i++) {
            int v = nsa.sampleHalfWidth(100, 3, 40, rng);
            assertTrue(v >= 3 && v <= 40, "clipped to the VisA bounds, got " + v);
        }
    }

    @Test
    void patchesStayInBoundsAndOnlyTheirInteriorsChange() {
        RgbImage img = TestImages.texture(SIZE, SIZE, 2);
        int minHalf = (int) Math.rint(0.03 * SIZE);
        int maxHalf = (int) Math.rint(0.4 * SIZE);
        NaturalSyntheticAnomaly resized = NaturalSyntheticAnomaly.visa();
        NaturalSyntheticAnomaly.Params p = NaturalSyntheticAnomaly.Params.visa();
        NaturalSyntheticAnomaly unresized = new NaturalSyntheticAnomaly(new NaturalSyntheticAnomaly.Params(
                0.03, 0.4, 0.03, 0.4, 2, 0.05, 0.03, false, 0.5, 2, 2, PoissonBlend.Mode.NORMAL, 50, 1.0,
                List.of(), 0, 0.25));
        int withAnomaly = 0;
        for (long seed = 0; seed < 100; seed++) {
            for (NaturalSyntheticAnomaly nsa : List.of(resized, unresized)) {
                SyntheticSample s = nsa.apply(img, seed);
                Mask interiors = new Mask(SIZE, SIZE);
                Mask boxes = new Mask(SIZE, SIZE);
                for (Box b : s.regions()) {
                    int maxSide = nsa == resized ? maxHalf : 2 * maxHalf;
                    int minSide = nsa == resized ? minHalf : 0;
                    assertTrue(b.width() >= minSide && b.width() <= maxSide, "width " + b);
                    assertTrue(b.height() >= minSide && b.height() <= maxSide, "height " + b);
                    assertTrue(b.x0() >= 1 && b.y0() >= 1 && b.x1() <= SIZE - 1 && b.y1() <= SIZE - 1, "margin " + b);
                    assertTrue((b.width() - 2) * (b.height() - 2) >= p.minBlendPixels(), "small patch kept " + b);
                    interiors.fillBox(b.x0() + 1, b.y0() + 1, b.x1() - 1, b.y1() - 1);
                    boxes.fillBox(b.x0(), b.y0(), b.x1(), b.y1());
                }
                for (int y = 0; y < SIZE; y++) {
                    for (int x = 0; x < SIZE; x++) {
                        if (!interiors.get(x, y)) {
                            for (int c = 0; c < 3; c++) {
                                assertEquals(img.get(c, x, y), s.image().get(c, x, y), "changed outside at " + x + "," + y);
                            }
                        }
                        assertTrue(boxes.get(x, y) || !s.mask().get(x, y), "label outside the patches");
                    }
                }
                withAnomaly += s.hasAnomaly() ? 1 : 0;
            }
        }
        // Small patches (interior < 50 px) are skipped, so not every sample has an anomaly, but most do.
        assertTrue(withAnomaly > 150, "samples with a visible anomaly: " + withAnomaly + " of 200");
    }

    @Test
    void firstPatchAlwaysSecondWithProbabilityHalf() {
        // Bounds ≥ 10 % keep every blend region ≥ 50 px, so no patch is skipped and the count is the coin.
        NaturalSyntheticAnomaly nsa = new NaturalSyntheticAnomaly(
                NaturalSyntheticAnomaly.Params.visa().withHalfWidthBounds(0.1, 0.4, 0.1, 0.4));
        RgbImage img = TestImages.texture(SIZE, SIZE, 4);
        int two = 0;
        int runs = 300;
        for (long seed = 0; seed < runs; seed++) {
            int n = nsa.apply(img, seed).regions().size();
            assertTrue(n == 1 || n == 2, "patches: " + n);
            two += n == 2 ? 1 : 0;
        }
        // Binomial(300, ½): sd 8.7; ±40 is beyond 4.5 sd.
        assertTrue(Math.abs(two - runs / 2) < 40, "two patches in " + two + " of " + runs);
    }

    @ParameterizedTest
    @EnumSource(NaturalSyntheticAnomaly.Paste.class)
    void linearRampIsUnchangedByNormalClonesOfItself(NaturalSyntheticAnomaly.Paste paste) {
        // Without rescaling every patch of a linear image has the destination's gradients, so the exact
        // Poisson solution is the destination itself: a check that the guidance and placement line up. The
        // textbook solve rounds, so it returns the ramp exactly; OpenCV's (float32 eigenvalues, then
        // truncation) lands a hair below some integers and truncates them one level down, as cv2 does.
        RgbImage ramp = new RgbImage(100, 100);
        for (int y = 0; y < 100; y++) {
            for (int x = 0; x < 100; x++) {
                ramp.setRgb(x, y, x + y, 2 * x, 150 - y);
            }
        }
        NaturalSyntheticAnomaly nsa = new NaturalSyntheticAnomaly(new NaturalSyntheticAnomaly.Params(
                0.03, 0.4, 0.03, 0.4, 2, 0.05, 0.03, false, 0.5, 2, 2, PoissonBlend.Mode.NORMAL, 50, 1.0,
                List.of(), 0, 0.25, paste));
        for (long seed = 0; seed < 10; seed++) {
            SyntheticSample s = nsa.apply(ramp, seed);
            assertFalse(s.regions().isEmpty());
            if (paste == NaturalSyntheticAnomaly.Paste.POISSON) {
                assertEquals(ramp, s.image());
            } else {
                for (int c = 0; c < 3; c++) {
                    double[] before = ramp.channel(c);
                    double[] after = s.image().channel(c);
                    for (int i = 0; i < before.length; i++) {
                        double d = before[i] - after[i];
                        assertTrue(d == 0 || d == 1, "OpenCV paste of a ramp moves a value by " + d);
                    }
                }
            }
            assertFalse(s.hasAnomaly());
        }
    }

    @ParameterizedTest
    @EnumSource(NaturalSyntheticAnomaly.Paste.class)
    void pasteHasTheLaplacianOfASourcePatch(NaturalSyntheticAnomaly.Paste paste) {
        // Poisson editing makes Δresult = Δsource at every source-guided pixel. The textbook solve guides the
        // whole interior and rounds (each value moves by ≤ ½, Δ by ≤ 4·½ + 4·½ = 4); OpenCV takes the
        // destination's gradients in the 3-pixel band its erosion strips from the mask, so only from 5 pixels
        // inside, and truncates (each value moves by [0, 1), Δ by less than 4). The texture's Laplacians at cell
        // edges are tens of grey levels, so a wrong source box cannot pass: search the original for the box the
        // patch came from. Values 100..155 keep the solution inside 0..255, so no clamping spoils the identity.
        RgbImage img = TestImages.texture(96, 96, 5, 100, 155);
        SyntheticSample s = unresized(paste).apply(img, 11L);
        Box d = s.regions().get(0);
        int inset = paste == NaturalSyntheticAnomaly.Paste.POISSON ? 1 : 5;
        assertEquals(1, sourceBoxesWithPastedLaplacian(s.image(), img, d, inset), "source boxes for " + d);
        assertTrue(s.hasAnomaly());
    }

    @Test
    void openCvPasteUsesTheAuthorsCentre() {
        // The authors' centre (x1 − w // 2, y0 + h // 2) puts OpenCV's (w−2)-wide box one column right of the
        // patch's interior for odd w: its solved interior is columns [x0 + 3, x1 − 1), so column x1 − 2 changes,
        // and x0 + 1 never does; for even w it is [x0 + 2, x1 − 2).
        RgbImage img = TestImages.texture(96, 96, 6);
        NaturalSyntheticAnomaly nsa = new NaturalSyntheticAnomaly(new NaturalSyntheticAnomaly.Params(
                0.1, 0.3, 0.1, 0.3, 2, 0.05, 0.03, true, 0.5, 2, 1, PoissonBlend.Mode.NORMAL, 50, 1.0,
                List.of(), 0, 0.25, NaturalSyntheticAnomaly.Paste.OPENCV));
        int odd = 0;
        int even = 0;
        for (long seed = 0; seed < 30; seed++) {
            SyntheticSample s = nsa.apply(img, seed);
            if (s.regions().isEmpty()) {
                continue;
            }
            Box d = s.regions().get(0);
            boolean isOdd = d.width() % 2 == 1;
            boolean changedRightColumn = false;
            for (int y = d.y0(); y < d.y1(); y++) {
                for (int c = 0; c < 3; c++) {
                    assertEquals(img.get(c, d.x0() + 1, y), s.image().get(c, d.x0() + 1, y), "left column " + d);
                    if (isOdd) {
                        assertEquals(img.get(c, d.x0() + 2, y), s.image().get(c, d.x0() + 2, y), "ring " + d);
                    }
                    changedRightColumn |= img.get(c, d.x1() - 2, y) != s.image().get(c, d.x1() - 2, y);
                }
            }
            assertEquals(isOdd, changedRightColumn, "column x1 - 2 of " + d);
            odd += isOdd ? 1 : 0;
            even += isOdd ? 0 : 1;
        }
        assertTrue(odd >= 3 && even >= 3, "odd and even widths seen: " + odd + ", " + even);
    }

    private static NaturalSyntheticAnomaly unresized(NaturalSyntheticAnomaly.Paste paste) {
        return new NaturalSyntheticAnomaly(new NaturalSyntheticAnomaly.Params(
                0.1, 0.3, 0.1, 0.3, 2, 0.05, 0.03, false, 0.5, 2, 1, PoissonBlend.Mode.NORMAL, 50, 1.0,
                List.of(), 0, 0.25, paste));
    }

    /** How many source boxes of d's size have the result's Laplacian at every pixel {@code inset} inside d. */
    private static int sourceBoxesWithPastedLaplacian(RgbImage result, RgbImage source, Box d, int inset) {
        int matches = 0;
        for (int sy = 0; sy + d.height() <= source.height(); sy++) {
            for (int sx = 0; sx + d.width() <= source.width(); sx++) {
                matches += laplaciansMatch(result, source, d, sx, sy, inset) ? 1 : 0;
            }
        }
        return matches;
    }

    private static boolean laplaciansMatch(RgbImage result, RgbImage source, Box d, int sx, int sy, int inset) {
        for (int c = 0; c < 3; c++) {
            for (int y = inset; y < d.height() - inset; y++) {
                for (int x = inset; x < d.width() - inset; x++) {
                    double lr = laplacian(result, c, d.x0() + x, d.y0() + y);
                    double ls = laplacian(source, c, sx + x, sy + y);
                    if (Math.abs(lr - ls) > 4 + 1e-9) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    private static double laplacian(RgbImage img, int c, int x, int y) {
        return 4 * img.get(c, x, y) - img.get(c, x - 1, y) - img.get(c, x + 1, y) - img.get(c, x, y - 1)
                - img.get(c, x, y + 1);
    }

    @Test
    void objectMaskKeepsPatchesOnTheObject() {
        RgbImage disc = TestImages.disc(SIZE, 40);
        NaturalSyntheticAnomaly nsa = new NaturalSyntheticAnomaly(NaturalSyntheticAnomaly.Params.visa()
                .withObjectMask(List.of(new NaturalSyntheticAnomaly.BackgroundColour(5, 20)), 0.25, 0.25));
        int placed = 0;
        for (long seed = 0; seed < 40; seed++) {
            SyntheticSample s = nsa.apply(disc, seed);
            for (Box b : s.regions()) {
                placed++;
                int object = 0;
                for (int y = b.y0(); y < b.y1(); y++) {
                    for (int x = b.x0(); x < b.x1(); x++) {
                        object += disc.gray(x, y) > 25 ? 1 : 0;
                    }
                }
                // The source box holds > 25 % object and the destination overlaps > 25 % of it.
                assertTrue(object > 0, "patch entirely off the object: " + b);
            }
        }
        assertTrue(placed > 20, "patches placed: " + placed);
    }

    @Test
    void invalidParametersAreRejected() {
        NaturalSyntheticAnomaly.Params visa = NaturalSyntheticAnomaly.Params.visa();
        assertThrows(IllegalArgumentException.class, () -> visa.withHalfWidthBounds(0.03, 0.5, 0.03, 0.4));
        assertThrows(IllegalArgumentException.class, () -> visa.withHalfWidthBounds(0.2, 0.1, 0.03, 0.4));
        assertEquals(PoissonBlend.Mode.MIXED, visa.withMode(PoissonBlend.Mode.MIXED).mode());
    }
}
