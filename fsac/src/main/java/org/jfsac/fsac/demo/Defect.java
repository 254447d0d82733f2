package org.jfsac.fsac.demo;

import java.util.SplittableRandom;
import org.jfsac.fsac.synth.Mask;
import org.jfsac.clip.image.RgbImage;

/**
 * Defects painted onto a normal image. Each paints in place and returns exactly the painted pixels; every
 * painted pixel changes by at least {@link #MIN_CHANGE} in some channel, so the mask is both exact and visible.
 */
public enum Defect {
    /** A thin straight line, bright on dark pixels and dark on bright ones. */
    SCRATCH("scratch"),
    /** An irregular blob (union of ellipses) that darkens and browns light pixels, lightens dark ones. */
    STAIN("stain"),
    /** A dark round hole fully inside the object. */
    HOLE("hole");

    /** Smallest per-pixel change (largest channel difference) any defect makes. */
    public static final int MIN_CHANGE = 40;

    private final String dirName;

    Defect(String dirName) {
        this.dirName = dirName;
    }

    /** The folder name under test/ and ground_truth/. */
    public String dirName() {
        return dirName;
    }

    public Mask paint(Scene scene, SplittableRandom rng) {
        return switch (this) {
            case SCRATCH -> scratch(scene, rng);
            case STAIN -> stain(scene, rng);
            case HOLE -> hole(scene, rng);
        };
    }

    private static Mask scratch(Scene s, SplittableRandom rng) {
        RgbImage img = s.image();
        double halfLength = s.radius() * (0.4 + 0.2 * rng.nextDouble());
        double angle = rng.nextDouble() * Math.PI;
        double[] c = pointInDisc(s, s.radius() * 0.3, rng); // centre within 0.3R, ends within 0.9R
        double ux = Math.cos(angle);
        double uy = Math.sin(angle);
        double halfThickness = 0.6 + 0.5 * rng.nextDouble();
        Mask mask = new Mask(img.width(), img.height());
        for (int y = 0; y < img.height(); y++) {
            for (int x = 0; x < img.width(); x++) {
                double px = x + 0.5 - c[0];
                double py = y + 0.5 - c[1];
                double along = Math.max(-halfLength, Math.min(halfLength, px * ux + py * uy));
                if (Math.hypot(px - along * ux, py - along * uy) <= halfThickness) {
                    mask.set(x, y, true);
                    if (img.gray(x, y) < 128) {
                        img.setRgb(x, y, 235, 235, 225);
                    } else {
                        img.setRgb(x, y, 25, 25, 30);
                    }
                }
            }
        }
        return mask;
    }

    private static Mask stain(Scene s, SplittableRandom rng) {
        RgbImage img = s.image();
        double base = img.width() * (0.06 + 0.06 * rng.nextDouble());
        double[] c = pointInDisc(s, s.radius() - 2 * base, rng);
        int blobs = 3;
        double[][] ellipses = new double[blobs][];
        for (int i = 0; i < blobs; i++) {
            double ox = (rng.nextDouble() - 0.5) * 1.2 * base;
            double oy = (rng.nextDouble() - 0.5) * 1.2 * base;
            ellipses[i] = new double[] {c[0] + ox, c[1] + oy, base * (0.5 + 0.5 * rng.nextDouble()),
                base * (0.5 + 0.5 * rng.nextDouble()), rng.nextDouble() * Math.PI};
        }
        Mask mask = new Mask(img.width(), img.height());
        for (int y = 0; y < img.height(); y++) {
            for (int x = 0; x < img.width(); x++) {
                if (!insideAny(ellipses, x + 0.5, y + 0.5)) {
                    continue;
                }
                mask.set(x, y, true);
                int r = img.get(0, x, y);
                int g = img.get(1, x, y);
                int b = img.get(2, x, y);
                if (img.gray(x, y) >= 100) {
                    // Some channel is ≥ 100 and keeps ≤ 45 % of itself: a change of ≥ 55.
                    img.setRgb(x, y, ProceduralImages.clamp(0.45 * r), ProceduralImages.clamp(0.35 * g),
                            ProceduralImages.clamp(0.25 * b));
                } else {
                    // Mean < 100: some channel is ≤ 100 and gains ≥ 40 without reaching 255.
                    img.setRgb(x, y, ProceduralImages.clamp(r + 110), ProceduralImages.clamp(g + 80),
                            ProceduralImages.clamp(b + 40));
                }
            }
        }
        return mask;
    }

    private static Mask hole(Scene s, SplittableRandom rng) {
        RgbImage img = s.image();
        double r = img.width() * (0.05 + 0.04 * rng.nextDouble());
        double[] c = pointInDisc(s, s.radius() - r - 2, rng);
        Mask mask = new Mask(img.width(), img.height());
        for (int y = 0; y < img.height(); y++) {
            for (int x = 0; x < img.width(); x++) {
                if (Math.hypot(x + 0.5 - c[0], y + 0.5 - c[1]) <= r) {
                    mask.set(x, y, true);
                    int v = 8 + rng.nextInt(6);
                    img.setRgb(x, y, v, v - 2, v - 4);
                }
            }
        }
        return mask;
    }

    private static boolean insideAny(double[][] ellipses, double x, double y) {
        for (double[] e : ellipses) {
            double dx = x - e[0];
            double dy = y - e[1];
            double u = (dx * Math.cos(e[4]) + dy * Math.sin(e[4])) / e[2];
            double v = (-dx * Math.sin(e[4]) + dy * Math.cos(e[4])) / e[3];
            if (u * u + v * v <= 1) {
                return true;
            }
        }
        return false;
    }

    /** Uniform point within {@code maxOffset} of the scene's centre. */
    private static double[] pointInDisc(Scene s, double maxOffset, SplittableRandom rng) {
        double rho = Math.max(0, maxOffset) * Math.sqrt(rng.nextDouble());
        double phi = rng.nextDouble() * 2 * Math.PI;
        return new double[] {s.centreX() + rho * Math.cos(phi), s.centreY() + rho * Math.sin(phi)};
    }
}
