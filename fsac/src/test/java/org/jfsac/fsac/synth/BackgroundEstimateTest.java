package org.jfsac.fsac.synth;

import org.jfsac.clip.image.RgbImage;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BackgroundEstimateTest {
    @Test
    void squareObjectShrinksByNineAfterDilation() {
        // Foreground (grey 120) is the square x,y ∈ [20, 80) on a black (<30) background of 100×100.
        // Worked by hand: the 7×7 median keeps the square's straight edges (a pixel on the edge column
        // still sees 4·7 = 28 > 24 foreground pixels) and only nibbles its corners; the 19×19 dilation then
        // grows the background by 9 pixels, so away from the corners foreground is exactly [29, 70].
        RgbImage img = new RgbImage(100, 100);
        for (int y = 20; y < 80; y++) {
            for (int x = 20; x < 80; x++) {
                img.setRgb(x, y, 200, 100, 60); // mean 120
            }
        }
        Mask bg = BackgroundEstimate.of(img);
        assertFalse(bg.get(29, 50));
        assertTrue(bg.get(28, 50));
        assertFalse(bg.get(70, 50));
        assertTrue(bg.get(71, 50));
        assertFalse(bg.get(50, 29));
        assertTrue(bg.get(50, 28));
        assertFalse(bg.get(50, 70));
        assertTrue(bg.get(50, 71));
        // The median removed the square's corner pixel (20,20) (only 16 of 49 set), so dilation reaches (29,29).
        assertTrue(bg.get(29, 29));
        assertFalse(bg.get(31, 31));
    }

    @Test
    void brightAlsoCountsAsBackgroundAndIsolatedSpecksAreIgnored() {
        RgbImage img = new RgbImage(60, 60);
        for (int y = 0; y < 60; y++) {
            for (int x = 0; x < 60; x++) {
                img.setRgb(x, y, 100, 100, 100);
            }
        }
        for (int y = 0; y < 60; y++) {
            for (int x = 0; x < 8; x++) {
                img.setRgb(x, y, 240, 240, 240); // bright band on the left: background (> 220)
            }
        }
        img.setRgb(40, 40, 0, 0, 0); // a single dark speck: removed by the median, so no background there
        Mask bg = BackgroundEstimate.of(img);
        assertTrue(bg.get(16, 30)); // 8 + 9 − 1: the band's dilation reaches column 16
        assertFalse(bg.get(17, 30));
        assertFalse(bg.get(40, 40));
    }
}
