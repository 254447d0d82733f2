package org.jfsac.fsac.synth;

import org.jfsac.clip.image.RgbImage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.math3.stat.descriptive.SummaryStatistics;
import org.junit.jupiter.api.Test;

class RandomPerturbationTest {
    private static final int SIZE = 200; // half-sizes in [5, 20)

    @Test
    void sameSeedSameImageBitForBit() {
        RgbImage img = TestImages.texture(SIZE, SIZE, 1);
        RandomPerturbation rp = RandomPerturbation.codeForm();
        SyntheticSample a = rp.apply(img, 42L);
        SyntheticSample b = rp.apply(img, 42L);
        assertEquals(a.image(), b.image());
        assertEquals(a.mask(), b.mask());
        assertEquals(a.regions(), b.regions());
        assertNotEquals(a.image(), rp.apply(img, 43L).image());
        assertEquals(TestImages.texture(SIZE, SIZE, 1), img, "the input is not modified");
    }

    @Test
    void rectanglesFollowTheCodeDistributionAndOnlyMaskedPixelsChange() {
        RgbImage img = TestImages.texture(SIZE, SIZE, 2);
        RandomPerturbation rp = RandomPerturbation.codeForm();
        int[] countHistogram = new int[5];
        boolean[] halfSeen = new boolean[SIZE / 10];
        SummaryStatistics noise = new SummaryStatistics();
        int runs = 400;
        for (long seed = 0; seed < runs; seed++) {
            SyntheticSample s = rp.apply(img, seed);
            int n = s.regions().size();
            assertTrue(n >= 1 && n <= 4, "1-4 rectangles, got " + n);
            countHistogram[n]++;
            Mask union = new Mask(SIZE, SIZE);
            for (Box b : s.regions()) {
                assertEquals(0, b.width() % 2, "a box is centre ± half-size");
                int halfX = b.width() / 2;
                int halfY = b.height() / 2;
                assertTrue(halfX >= SIZE / 40 && halfX < SIZE / 10, "half-width " + halfX);
                assertTrue(halfY >= SIZE / 40 && halfY < SIZE / 10, "half-height " + halfY);
                assertTrue(b.x0() >= 0 && b.y0() >= 0 && b.x1() <= SIZE && b.y1() <= SIZE, "inside: " + b);
                halfSeen[halfX] = true;
                halfSeen[halfY] = true;
                union.fillBox(b.x0(), b.y0(), b.x1(), b.y1());
            }
            assertEquals(union, s.mask());
            for (int y = 0; y < SIZE; y++) {
                for (int x = 0; x < SIZE; x++) {
                    for (int c = 0; c < 3; c++) {
                        int v = s.image().get(c, x, y);
                        if (s.mask().get(x, y)) {
                            assertTrue(v <= 254, "randint(0, 255) never gives 255");
                            noise.addValue(v);
                        } else {
                            assertEquals(img.get(c, x, y), v, "unmasked pixel changed");
                        }
                    }
                }
            }
        }
        for (int n = 1; n <= 4; n++) {
            // Each count has probability 1/4: mean 100, sd ≈ 8.7 over 400 runs; ±40 is beyond 4.5 sd.
            assertTrue(Math.abs(countHistogram[n] - runs / 4) < 40, "count " + n + " seen " + countHistogram[n]);
        }
        for (int half = SIZE / 40; half < SIZE / 10; half++) {
            assertTrue(halfSeen[half], "half-size " + half + " never drawn");
        }
        // Uniform on 0..254: mean 127, sd 73.6; with > 10^5 samples the sample mean is within ±1.
        assertEquals(127, noise.getMean(), 1.0);
        assertEquals(73.6, noise.getStandardDeviation(), 1.0);
        assertEquals(0, noise.getMin());
        assertEquals(254, noise.getMax());
    }

    @Test
    void gaussianNoiseHasTheStatedMeanAndSpread() {
        RgbImage img = TestImages.texture(SIZE, SIZE, 3);
        RandomPerturbation rp = new RandomPerturbation(RandomPerturbation.Noise.GAUSSIAN, false);
        SummaryStatistics noise = new SummaryStatistics();
        for (long seed = 0; seed < 50; seed++) {
            SyntheticSample s = rp.apply(img, seed);
            for (int y = 0; y < SIZE; y++) {
                for (int x = 0; x < SIZE; x++) {
                    if (s.mask().get(x, y)) {
                        noise.addValue(s.image().get(0, x, y));
                    }
                }
            }
        }
        // N(127.5, 63.75²) clamped at ±2σ: symmetric, so the mean stays 127.5. Clamped variance:
        // E[Z²; |Z|<2] + 4·P(|Z|>2) = (0.9545 − 4φ(2)) + 4·0.0455 = 0.9205, so sd = 0.959σ ≈ 61.2.
        // ~10^5 samples: sampling error well under the tolerances.
        assertEquals(127.5, noise.getMean(), 1.5);
        assertEquals(61.2, noise.getStandardDeviation(), 1.0);
    }

    @Test
    void foregroundOnlyPutsEveryCentreOnTheObject() {
        RgbImage img = TestImages.disc(SIZE, 70);
        Mask background = BackgroundEstimate.of(img);
        RandomPerturbation rp = new RandomPerturbation(RandomPerturbation.Noise.UNIFORM, true);
        RandomPerturbation anywhere = RandomPerturbation.codeForm();
        int offObjectAnywhere = 0;
        for (long seed = 0; seed < 100; seed++) {
            for (Box b : rp.apply(img, seed).regions()) {
                int cx = (b.x0() + b.x1()) / 2;
                int cy = (b.y0() + b.y1()) / 2;
                assertFalse(background.get(cx, cy), "centre on background: " + b);
                double r = Math.hypot(cx + 0.5 - SIZE / 2.0, cy + 0.5 - SIZE / 2.0);
                assertTrue(r < 70 - 8, "centre within the object shrunk by the dilation, r = " + r);
            }
            for (Box b : anywhere.apply(img, seed).regions()) {
                offObjectAnywhere += background.get((b.x0() + b.x1()) / 2, (b.y0() + b.y1()) / 2) ? 1 : 0;
            }
        }
        assertTrue(offObjectAnywhere > 50, "without the option, centres do land on background");
    }

    @Test
    void allBackgroundImageGetsNoRectangleAfterTheRetries() {
        RgbImage black = new RgbImage(100, 100);
        SyntheticSample s = new RandomPerturbation(RandomPerturbation.Noise.UNIFORM, true).apply(black, 1L);
        assertTrue(s.regions().isEmpty());
        assertFalse(s.hasAnomaly());
        assertEquals(black, s.image());
    }

    @Test
    void tooSmallImageIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> RandomPerturbation.codeForm().apply(new RgbImage(9, 9), 1L));
    }
}
