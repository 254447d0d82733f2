package org.jfsac.fsac.demo;

import java.util.SplittableRandom;
import org.jfsac.clip.image.RgbImage;

/**
 * Normal (defect-free) images of the demo classes. Each draw varies a little (phase, brightness, position,
 * pixel noise) so that normal images are alike but not identical, as in a real train split.
 */
final class ProceduralImages {
    private ProceduralImages() {
    }

    /** Light background with a dark square grid (period size/8, 2 px lines), random phase. */
    static Scene grid(int size, SplittableRandom rng) {
        int period = Math.max(6, size / 8);
        int phaseX = rng.nextInt(period);
        int phaseY = rng.nextInt(period);
        int light = 165 + rng.nextInt(-6, 7);
        RgbImage img = new RgbImage(size, size);
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                boolean line = (x + phaseX) % period < 2 || (y + phaseY) % period < 2;
                int v = (line ? 70 : light) + rng.nextInt(-6, 7);
                img.setRgb(x, y, v, v, v + 4);
            }
        }
        return texture(img);
    }

    /** Blue woven cloth: a product of sines along both axes, modulating a denim colour. */
    static Scene fabric(int size, SplittableRandom rng) {
        double period = Math.max(4, size / 12.0);
        double phaseX = rng.nextDouble() * period;
        double phaseY = rng.nextDouble() * period;
        double gain = 1 + (rng.nextDouble() - 0.5) * 0.08;
        RgbImage img = new RgbImage(size, size);
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                double weave = Math.sin(2 * Math.PI * (x + phaseX) / period)
                        * Math.cos(2 * Math.PI * (y + phaseY) / period);
                double v = gain * (1 + 0.3 * weave) + (rng.nextDouble() - 0.5) * 0.08;
                img.setRgb(x, y, clamp(70 * v), clamp(100 * v), clamp(150 * v));
            }
        }
        return texture(img);
    }

    /** An orange, radially shaded disc of radius ≈ 0.3·size near the centre of a near-black background. */
    static Scene disc(int size, SplittableRandom rng) {
        double jitter = size / 32.0;
        double cx = size / 2.0 + (rng.nextDouble() - 0.5) * 2 * jitter;
        double cy = size / 2.0 + (rng.nextDouble() - 0.5) * 2 * jitter;
        double radius = size * 0.3 + (rng.nextDouble() - 0.5) * 2;
        RgbImage img = new RgbImage(size, size);
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                double r = Math.hypot(x + 0.5 - cx, y + 0.5 - cy) / radius;
                int n = rng.nextInt(-5, 6);
                if (r < 1) {
                    double shade = 1 - 0.3 * r * r;
                    img.setRgb(x, y, clamp(205 * shade + n), clamp(140 * shade + n), clamp(60 * shade + n));
                } else {
                    int v = 12 + n;
                    img.setRgb(x, y, v, v, v);
                }
            }
        }
        return new Scene(img, cx, cy, radius);
    }

    private static Scene texture(RgbImage img) {
        return new Scene(img, img.width() / 2.0, img.height() / 2.0, img.width() * 0.45);
    }

    static int clamp(double v) {
        return (int) Math.max(0, Math.min(255, Math.round(v)));
    }
}
