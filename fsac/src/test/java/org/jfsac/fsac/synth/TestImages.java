package org.jfsac.fsac.synth;

import org.jfsac.clip.image.RgbImage;

import java.util.SplittableRandom;

/** Small images shared by the synthesis tests. */
final class TestImages {
    private TestImages() {
    }

    /** Blocky random texture: gradients everywhere, so a pasted patch is visible. */
    static RgbImage texture(int w, int h, long seed) {
        return texture(w, h, seed, 40, 215);
    }

    /** The same with channel values uniform in [lo, hi]. */
    static RgbImage texture(int w, int h, long seed, int lo, int hi) {
        SplittableRandom rng = new SplittableRandom(seed);
        int cell = 4;
        int[][] base = new int[(h + cell - 1) / cell * ((w + cell - 1) / cell)][3];
        for (int[] b : base) {
            for (int c = 0; c < 3; c++) {
                b[c] = lo + rng.nextInt(hi - lo + 1);
            }
        }
        RgbImage img = new RgbImage(w, h);
        int cols = (w + cell - 1) / cell;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int[] b = base[(y / cell) * cols + x / cell];
                img.setRgb(x, y, b[0], b[1], b[2]);
            }
        }
        return img;
    }

    /** A mid-grey disc of the given radius centred on a black (background) square. */
    static RgbImage disc(int size, double radius) {
        RgbImage img = new RgbImage(size, size);
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                double dx = x + 0.5 - size / 2.0;
                double dy = y + 0.5 - size / 2.0;
                if (dx * dx + dy * dy < radius * radius) {
                    img.setRgb(x, y, 150, 110, 90);
                } else {
                    img.setRgb(x, y, 5, 5, 5);
                }
            }
        }
        return img;
    }
}
