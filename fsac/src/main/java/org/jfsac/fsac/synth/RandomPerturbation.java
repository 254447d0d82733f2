package org.jfsac.fsac.synth;

import org.jfsac.clip.image.RgbImage;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Random perturbation, the MVTec AD anomaly synthesis of CLIP-FSAC++ in the form of the authors' code
 * ({@code augment_image} in anomaly_image_generate.py): 1–4 rectangles, each with half-sizes drawn uniformly
 * from [⌊H/40⌋, ⌊H/10⌋) rows and [⌊W/40⌋, ⌊W/10⌋) columns and a centre that keeps it inside the image, whose
 * pixels are replaced by noise.
 *
 * <p>Noise: {@link Noise#UNIFORM} is the code's {@code np.random.randint(0, 255)}, i.e. integers 0..254 per
 * channel; {@link Noise#GAUSSIAN} is the paper's wording, for which no parameters are published — we use
 * N(127.5, 63.75²) (±2σ spans 0..255), rounded and clamped.
 *
 * <p>Foreground-only placement (object classes): a rectangle's centre must lie off the
 * {@link BackgroundEstimate}; after 200 rejected centres that rectangle is dropped, as in the code.
 * The code uses the image height for both axes; for the square MVTec images this is the same as per-axis sizes.
 */
public final class RandomPerturbation {
    public enum Noise { UNIFORM, GAUSSIAN }

    public static final int MAX_TRIES = 200;
    public static final double GAUSSIAN_MEAN = 127.5;
    public static final double GAUSSIAN_STD = 63.75;

    private final Noise noise;
    private final boolean foregroundOnly;

    public RandomPerturbation(Noise noise, boolean foregroundOnly) {
        this.noise = noise;
        this.foregroundOnly = foregroundOnly;
    }

    /** The authors' code form: uniform noise, rectangles anywhere (texture classes). */
    public static RandomPerturbation codeForm() {
        return new RandomPerturbation(Noise.UNIFORM, false);
    }

    public SyntheticSample apply(RgbImage image, long seed) {
        return apply(image, new SplittableRandom(seed));
    }

    public SyntheticSample apply(RgbImage image, SplittableRandom rng) {
        int h = image.height();
        int w = image.width();
        if (h / 10 <= h / 40 || w / 10 <= w / 40) {
            throw new IllegalArgumentException("image " + w + "x" + h + " too small for random perturbation: "
                    + "half-size range [size/40, size/10) is empty below 10 pixels");
        }
        Mask background = foregroundOnly ? BackgroundEstimate.of(image) : null;
        Mask mask = new Mask(w, h);
        List<Box> boxes = new ArrayList<>();
        int rectangles = 1 + rng.nextInt(4);
        for (int i = 0; i < rectangles; i++) {
            Box box = placeRectangle(w, h, background, rng);
            if (box != null && box.width() > 0 && box.height() > 0) { // below 40 px a half-size can be 0
                boxes.add(box);
                mask.fillBox(box.x0(), box.y0(), box.x1(), box.y1());
            }
        }
        RgbImage out = image.copy();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (mask.get(x, y)) {
                    for (int c = 0; c < 3; c++) {
                        out.set(c, x, y, noiseValue(rng));
                    }
                }
            }
        }
        return new SyntheticSample(out, mask, boxes);
    }

    private static Box placeRectangle(int w, int h, Mask background, SplittableRandom rng) {
        for (int attempt = 0; attempt < MAX_TRIES; attempt++) {
            int halfY = rng.nextInt(h / 40, h / 10);
            int halfX = rng.nextInt(w / 40, w / 10);
            int cy = rng.nextInt(halfY, h - halfY);
            int cx = rng.nextInt(halfX, w - halfX);
            if (background != null && background.get(cx, cy)) {
                continue;
            }
            return new Box(cx - halfX, cy - halfY, cx + halfX, cy + halfY);
        }
        return null;
    }

    private int noiseValue(SplittableRandom rng) {
        if (noise == Noise.UNIFORM) {
            return rng.nextInt(255);
        }
        return RgbImage.clampRound(GAUSSIAN_MEAN + GAUSSIAN_STD * rng.nextGaussian());
    }
}
