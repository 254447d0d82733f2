package org.jfsac.fsac.synth;

import org.jfsac.clip.image.RgbImage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MaskTest {
    @TempDir
    Path tmp;

    private static Mask random(int w, int h, double p, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        Mask m = new Mask(w, h);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                m.set(x, y, rng.nextDouble() < p);
            }
        }
        return m;
    }

    /** Direct definition of the k×k window rules (brute force, no separable passes). */
    private static Mask bruteForce(Mask m, int k, boolean median) {
        int r = k / 2;
        Mask out = new Mask(m.width(), m.height());
        for (int y = 0; y < m.height(); y++) {
            for (int x = 0; x < m.width(); x++) {
                int set = 0;
                for (int dy = -r; dy <= r; dy++) {
                    for (int dx = -r; dx <= r; dx++) {
                        int xx = x + dx;
                        int yy = y + dy;
                        boolean inside = xx >= 0 && yy >= 0 && xx < m.width() && yy < m.height();
                        if (median) {
                            xx = Math.max(0, Math.min(m.width() - 1, xx));
                            yy = Math.max(0, Math.min(m.height() - 1, yy));
                        } else if (!inside) {
                            continue;
                        }
                        set += m.get(xx, yy) ? 1 : 0;
                    }
                }
                out.set(x, y, median ? set > k * k / 2 : set > 0);
            }
        }
        return out;
    }

    @Test
    void medianAndDilationMatchTheirDefinitions() {
        for (long seed = 0; seed < 4; seed++) {
            Mask m = random(23, 17, seed < 2 ? 0.5 : 0.05, seed);
            assertEquals(bruteForce(m, 7, true), m.medianBlur(7));
            assertEquals(bruteForce(m, 5, true), m.medianBlur(5));
            assertEquals(bruteForce(m, 19, false), m.dilate(19));
            assertEquals(bruteForce(m, 3, false), m.dilate(3));
        }
        assertThrows(IllegalArgumentException.class, () -> new Mask(3, 3).dilate(4));
    }

    @Test
    void pngRoundTripUsesZeroAnd255() throws java.io.IOException {
        Mask m = random(11, 9, 0.3, 9);
        Path file = tmp.resolve("m_mask.png");
        m.writePng(file);
        assertEquals(m, Mask.read(file));
        RgbImage asImage = RgbImage.read(file);
        for (int y = 0; y < 9; y++) {
            for (int x = 0; x < 11; x++) {
                assertEquals(m.get(x, y) ? 255 : 0, asImage.get(0, x, y));
            }
        }
    }

    @Test
    void boxesCountsAndUnion() {
        Mask a = new Mask(10, 10);
        a.fillBox(-2, 8, 3, 20); // clipped to x 0..2, y 8..9
        assertEquals(6, a.count());
        Mask b = new Mask(10, 10);
        b.fillBox(2, 9, 4, 10);
        a.or(b);
        assertEquals(7, a.count());
        assertThrows(IllegalArgumentException.class, () -> a.or(new Mask(9, 10)));
    }
}
