package org.jfsac.fsac.synth;

import org.jfsac.clip.image.RgbImage;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.commons.math3.distribution.GammaDistribution;

/**
 * NSA, natural synthetic anomalies (Schlüter et al., ECCV 2022), as CLIP-FSAC++ uses it for VisA: a patch is cut
 * from the image, optionally rescaled, and pasted elsewhere in the same image with Poisson image editing.
 * Follows the reference {@code patch_ex} (hmsch/natural-synthetic-anomalies, self_sup_tasks.py) with the
 * CLIP-FSAC++ VisA arguments ({@link Params#visa()}):
 * <ul>
 * <li>half-widths (offset + Gamma(shape, scale))·dim, truncated to int and clipped per axis to
 *     [round(lo·dim), round(hi·dim)];</li>
 * <li>source centre uniform in [minHalf, dim − minHalf), the box clipped to the image;</li>
 * <li>rescale by clip(N(1, 0.5), lo, hi) keeping the aspect ratio, the new size clipped to the same bounds
 *     (the reference clips full sizes to the half-width bounds; we keep that);</li>
 * <li>destination centre uniform so the patch fits with a one-pixel margin; the blend region is the patch
 *     minus its one-pixel border, which supplies the source gradients at the rim;</li>
 * <li>the first patch always, each further one with probability ½; a patch whose blend region has under
 *     {@code minBlendPixels} pixels is skipped; the source is always the original image, the destination
 *     accumulates earlier patches.</li>
 * </ul>
 * Optional object masks ({@code skipBackground}, the reference's MVTec setting; VisA uses none): a pixel is
 * object when its channel mean differs from every listed background value by more than the threshold
 * (7×7 median cleaned); the source box must hold more than {@code minObjectFraction} object, the destination
 * must overlap the source's object by more than {@code minOverlapFraction}; up to 200 tries each.
 *
 * <p>The mask is the reference's "binary" label: pixels within the pasted patches whose channel-mean absolute
 * change exceeds {@code labelTolerance}, cleaned by a 5×5 median filter. (The VisA setting asks for the
 * "logistic-intensity" label, but CLIP-FSAC++ discards it; the binary mask is what a caller can use.)
 *
 * <p>Paste ({@link Paste}): {@link Paste#OPENCV} (default, the authors' code) calls
 * {@link OpenCvSeamlessClone} exactly as {@code _patch_ex} calls {@code cv2.seamlessClone}: the patch's mask is
 * all 255 with its outer ring zeroed, and the centre is the authors'
 * {@code (x1 − (x1 − x0) // 2, y0 + (y1 − y0) // 2)} of the destination box, which for odd patch widths puts the
 * blend one column right of the box's middle. {@link Paste#POISSON} is the textbook solve ({@link PoissonBlend}:
 * exact 5-point Dirichlet problem on the box interior, source gradients up to the rim, rounding).
 * Patches and object masks are rescaled with {@link OpenCvResize} ({@code cv2.resize}) in both.
 * What still differs from the reference: our own RNG stream.
 */
public final class NaturalSyntheticAnomaly {
    public static final int MAX_TRIES = 200;

    /** How a patch is pasted: OpenCV 4.6's seamless clone (the authors') or the textbook Poisson solve. */
    public enum Paste { OPENCV, POISSON }

    /** A background colour (channel mean) and how far from it a pixel must be to count as object. */
    public record BackgroundColour(double value, double threshold) {
    }

    /**
     * Half-width bounds are fractions of the image height (rows) and width (cols); {@code maxPatches} is the
     * number of coin-flip slots ({@code num_patches} in the reference).
     */
    public record Params(double minHalfRows, double maxHalfRows, double minHalfCols, double maxHalfCols,
                         double gammaShape, double gammaScale, double gammaOffset,
                         boolean resize, double resizeMin, double resizeMax,
                         int maxPatches, PoissonBlend.Mode mode, int minBlendPixels, double labelTolerance,
                         List<BackgroundColour> skipBackground, double minObjectFraction,
                         double minOverlapFraction, Paste paste) {
        /** The same with the authors' paste ({@link Paste#OPENCV}). */
        public Params(double minHalfRows, double maxHalfRows, double minHalfCols, double maxHalfCols,
                      double gammaShape, double gammaScale, double gammaOffset,
                      boolean resize, double resizeMin, double resizeMax,
                      int maxPatches, PoissonBlend.Mode mode, int minBlendPixels, double labelTolerance,
                      List<BackgroundColour> skipBackground, double minObjectFraction, double minOverlapFraction) {
            this(minHalfRows, maxHalfRows, minHalfCols, maxHalfCols, gammaShape, gammaScale, gammaOffset, resize,
                    resizeMin, resizeMax, maxPatches, mode, minBlendPixels, labelTolerance, skipBackground,
                    minObjectFraction, minOverlapFraction, Paste.OPENCV);
        }

        public Params {
            if (paste == null) {
                throw new IllegalArgumentException("paste must be OPENCV or POISSON, got null");
            }
            checkBounds("rows", minHalfRows, maxHalfRows);
            checkBounds("cols", minHalfCols, maxHalfCols);
            if (!(gammaShape > 0 && gammaScale > 0 && gammaOffset >= 0)) {
                throw new IllegalArgumentException("gamma shape and scale must be positive and the offset "
                        + "non-negative, got " + gammaShape + ", " + gammaScale + ", " + gammaOffset);
            }
            if (!(resizeMin > 0 && resizeMin <= resizeMax)) {
                throw new IllegalArgumentException("resize bounds must satisfy 0 < min <= max, got " + resizeMin
                        + ", " + resizeMax);
            }
            if (maxPatches < 1) {
                throw new IllegalArgumentException("maxPatches must be at least 1, got " + maxPatches);
            }
            skipBackground = List.copyOf(skipBackground);
        }

        private static void checkBounds(String axis, double lo, double hi) {
            // Above 0.45 a patch can no longer be placed with its one-pixel margin.
            if (!(lo > 0 && lo <= hi && hi <= 0.45)) {
                throw new IllegalArgumentException("half-width bounds on " + axis + " must satisfy "
                        + "0 < lo <= hi <= 0.45 of the image, got " + lo + ", " + hi);
            }
        }

        /** CLIP-FSAC++'s {@code visa_args}: 3–40 % bounds, Gamma(2, 0.05) + 0.03, resize in [0.5, 2], 2 slots. */
        public static Params visa() {
            return new Params(0.03, 0.4, 0.03, 0.4, 2, 0.05, 0.03, true, 0.5, 2.0, 2,
                    PoissonBlend.Mode.NORMAL, 50, 1.0, List.of(), 0, 0.25);
        }

        public Params withMode(PoissonBlend.Mode newMode) {
            return new Params(minHalfRows, maxHalfRows, minHalfCols, maxHalfCols, gammaShape, gammaScale,
                    gammaOffset, resize, resizeMin, resizeMax, maxPatches, newMode, minBlendPixels, labelTolerance,
                    skipBackground, minObjectFraction, minOverlapFraction, paste);
        }

        /** The same parameters with another paste (OpenCV's seamless clone or the textbook solve). */
        public Params withPaste(Paste newPaste) {
            return new Params(minHalfRows, maxHalfRows, minHalfCols, maxHalfCols, gammaShape, gammaScale,
                    gammaOffset, resize, resizeMin, resizeMax, maxPatches, mode, minBlendPixels, labelTolerance,
                    skipBackground, minObjectFraction, minOverlapFraction, newPaste);
        }

        public Params withHalfWidthBounds(double minRows, double maxRows, double minCols, double maxCols) {
            return new Params(minRows, maxRows, minCols, maxCols, gammaShape, gammaScale, gammaOffset, resize,
                    resizeMin, resizeMax, maxPatches, mode, minBlendPixels, labelTolerance, skipBackground,
                    minObjectFraction, minOverlapFraction, paste);
        }

        public Params withObjectMask(List<BackgroundColour> backgrounds, double minObject, double minOverlap) {
            return new Params(minHalfRows, maxHalfRows, minHalfCols, maxHalfCols, gammaShape, gammaScale,
                    gammaOffset, resize, resizeMin, resizeMax, maxPatches, mode, minBlendPixels, labelTolerance,
                    backgrounds, minObject, minOverlap, paste);
        }
    }

    private final Params params;

    public NaturalSyntheticAnomaly(Params params) {
        this.params = params;
    }

    public static NaturalSyntheticAnomaly visa() {
        return new NaturalSyntheticAnomaly(Params.visa());
    }

    public Params params() {
        return params;
    }

    public SyntheticSample apply(RgbImage image, long seed) {
        return apply(image, new SplittableRandom(seed));
    }

    public SyntheticSample apply(RgbImage image, SplittableRandom rng) {
        Mask objects = params.skipBackground().isEmpty() ? null : objectMask(image);
        RgbImage out = image.copy();
        Mask pasted = new Mask(image.width(), image.height());
        List<Box> boxes = new ArrayList<>();
        for (int i = 0; i < params.maxPatches(); i++) {
            if (i == 0 || rng.nextInt(2) > 0) {
                Box box = pastePatch(out, image, objects, pasted, rng);
                if (box != null) {
                    boxes.add(box);
                }
            }
        }
        return new SyntheticSample(out, changedLabel(image, out, pasted), boxes);
    }

    /** One Gamma-distributed half-width in pixels, clipped to [lo, hi] (both already in pixels). */
    int sampleHalfWidth(int dim, int lo, int hi, SplittableRandom rng) {
        double g = new GammaDistribution(new SplittableRandomAdapter(rng), params.gammaShape(), params.gammaScale())
                .sample();
        return (int) clip((params.gammaOffset() + g) * dim, lo, hi);
    }

    /** Pastes one patch into {@code out} (in place); returns its destination box, or null when skipped. */
    private Box pastePatch(RgbImage out, RgbImage source, Mask objects, Mask pasted, SplittableRandom rng) {
        int h = source.height();
        int w = source.width();
        int minR = (int) Math.rint(params.minHalfRows() * h); // rint: numpy's round-half-even
        int maxR = (int) Math.rint(params.maxHalfRows() * h);
        int minC = (int) Math.rint(params.minHalfCols() * w);
        int maxC = (int) Math.rint(params.maxHalfCols() * w);
        if (h - minR <= minR || w - minC <= minC) {
            return null;
        }
        int halfR = sampleHalfWidth(h, minR, maxR, rng);
        int halfC = sampleHalfWidth(w, minC, maxC, rng);

        Box src = null;
        for (int attempt = 0; attempt < MAX_TRIES && src == null; attempt++) {
            int cy = rng.nextInt(minR, h - minR);
            int cx = rng.nextInt(minC, w - minC);
            Box b = new Box(Math.max(0, cx - halfC), Math.max(0, cy - halfR), Math.min(w, cx + halfC),
                    Math.min(h, cy + halfR));
            if (b.width() > 0 && b.height() > 0 && (objects == null
                    || (double) countIn(objects, b) / (b.width() * b.height()) > params.minObjectFraction())) {
                src = b;
            }
        }
        if (src == null) {
            return null;
        }
        RgbImage patch = source.crop(src.x0(), src.y0(), src.width(), src.height());
        if (params.resize()) {
            double scale = clip(1 + 0.5 * rng.nextGaussian(), params.resizeMin(), params.resizeMax());
            double newH = clip(scale * patch.height(), minR, maxR);
            int newW = (int) clip((int) (newH / patch.height() * patch.width()), minC, maxC);
            int newH2 = (int) clip((int) ((double) newW / patch.width() * patch.height()), minR, maxR);
            if (newW < 3 || newH2 < 3) {
                return null; // nothing would be left inside the one-pixel rim
            }
            patch = OpenCvResize.resize(patch, newW, newH2);
        }
        Mask patchObjects = objects == null ? null : resizeLinear(objects, src, patch.width(), patch.height());

        int ph = patch.height();
        int pw = patch.width();
        if (h - ph / 2 - 1 <= ph / 2 + 1 || w - pw / 2 - 1 <= pw / 2 + 1) {
            return null;
        }
        Box dst = null;
        for (int attempt = 0; attempt < MAX_TRIES && dst == null; attempt++) {
            int cy = rng.nextInt(ph / 2 + 1, h - ph / 2 - 1);
            int cx = rng.nextInt(pw / 2 + 1, w - pw / 2 - 1);
            Box b = new Box(cx - pw / 2, cy - ph / 2, cx + (pw + 1) / 2, cy + (ph + 1) / 2);
            if (patchObjects == null || destinationOverlaps(patchObjects, objects, b)) {
                dst = b;
            }
        }
        if (dst == null) {
            return null;
        }

        // The blend region is the patch minus its one-pixel rim (the authors zero the mask's outer ring).
        Mask region = new Mask(pw, ph);
        region.fillBox(1, 1, pw - 1, ph - 1);
        if (region.count() < params.minBlendPixels()) {
            return null;
        }
        if (params.paste() == Paste.OPENCV) {
            if (pw < 5 || ph < 5) {
                return null; // cv2.seamlessClone raises on a box under 3 pixels; the authors skip the patch
            }
            int[] mask = new int[pw * ph];
            for (int y = 1; y < ph - 1; y++) {
                java.util.Arrays.fill(mask, y * pw + 1, y * pw + pw - 1, 255);
            }
            // The authors' centre: (x1 - (x1 - x0) // 2, y0 + (y1 - y0) // 2).
            int cx = dst.x1() - pw / 2;
            int cy = dst.y0() + ph / 2;
            out.paste(OpenCvSeamlessClone.apply(patch, out, mask, cx, cy, params.mode()), 0, 0);
        } else {
            // Blend within the destination box only: its one-pixel rim is the Dirichlet boundary.
            RgbImage under = out.crop(dst.x0(), dst.y0(), pw, ph);
            out.paste(PoissonBlend.blend(patch, under, region, params.mode()), dst.x0(), dst.y0());
        }
        for (int y = 0; y < ph; y++) {
            for (int x = 0; x < pw; x++) {
                // With object masks the reference labels only where either image shows object.
                boolean label = patchObjects == null || patchObjects.get(x, y) || objects.get(dst.x0() + x, dst.y0() + y);
                if (label) {
                    pasted.set(dst.x0() + x, dst.y0() + y, true);
                }
            }
        }
        return dst;
    }

    private boolean destinationOverlaps(Mask patchObjects, Mask objects, Box b) {
        int srcObject = 0;
        int both = 0;
        for (int y = 0; y < b.height(); y++) {
            for (int x = 0; x < b.width(); x++) {
                if (patchObjects.get(x, y)) {
                    srcObject++;
                    if (objects.get(b.x0() + x, b.y0() + y)) {
                        both++;
                    }
                }
            }
        }
        int area = b.width() * b.height();
        return srcObject > 0 && (double) srcObject / area > params.minObjectFraction()
                && (double) both / srcObject > params.minOverlapFraction();
    }

    private Mask objectMask(RgbImage image) {
        Mask m = new Mask(image.width(), image.height());
        for (int y = 0; y < image.height(); y++) {
            for (int x = 0; x < image.width(); x++) {
                boolean object = true;
                for (BackgroundColour bg : params.skipBackground()) {
                    object &= Math.abs(image.gray(x, y) - bg.value()) > bg.threshold();
                }
                m.set(x, y, object);
            }
        }
        return m.medianBlur(7);
    }

    private Mask changedLabel(RgbImage before, RgbImage after, Mask pasted) {
        Mask changed = new Mask(before.width(), before.height());
        for (int y = 0; y < before.height(); y++) {
            for (int x = 0; x < before.width(); x++) {
                if (pasted.get(x, y)) {
                    double diff = 0;
                    for (int c = 0; c < 3; c++) {
                        diff += Math.abs(after.get(c, x, y) - before.get(c, x, y));
                    }
                    changed.set(x, y, diff / 3 > params.labelTolerance());
                }
            }
        }
        return changed.medianBlur(5);
    }

    /** The authors' {@code cv2.resize} of the 0/1 object mask crop (bilinear: a pixel is object from ½ up). */
    private static Mask resizeLinear(Mask m, Box from, int newW, int newH) {
        int[] plane = new int[from.width() * from.height()];
        for (int y = 0; y < from.height(); y++) {
            for (int x = 0; x < from.width(); x++) {
                plane[y * from.width() + x] = m.get(from.x0() + x, from.y0() + y) ? 1 : 0;
            }
        }
        int[] r = OpenCvResize.resize(plane, from.width(), from.height(), newW, newH);
        Mask out = new Mask(newW, newH);
        for (int y = 0; y < newH; y++) {
            for (int x = 0; x < newW; x++) {
                out.set(x, y, r[y * newW + x] != 0);
            }
        }
        return out;
    }

    private static int countIn(Mask m, Box b) {
        int n = 0;
        for (int y = b.y0(); y < b.y1(); y++) {
            for (int x = b.x0(); x < b.x1(); x++) {
                if (m.get(x, y)) {
                    n++;
                }
            }
        }
        return n;
    }

    private static double clip(double v, double lo, double hi) {
        return Math.max(lo, Math.min(hi, v));
    }
}
