package org.jfsac.clip.image;

/**
 * An image held the way Pillow holds it after opening, so that resizing follows Pillow 9.4's
 * per-mode rules of {@code Image.resize}: palette and 1-bit images are resized with NEAREST
 * whatever filter is asked for; LA and RGBA are resized in premultiplied form (La, RGBa) and
 * converted back; L and RGB are resized as they are; 32-bit "I" (what Pillow makes of 16-bit
 * greyscale PNG) is resized in integer precision. Immutable.
 */
final class PillowImage {

    /** Pillow's image modes met here. */
    enum Mode {
        /** "1": stored as RGB triples (0 or 255), resized NEAREST. */
        BILEVEL(3),
        L(1),
        LA(2),
        /** 32-bit signed integers, one channel (16-bit greyscale PNG). */
        I(1),
        /** "P": stored with the palette applied, as RGB triples; resized NEAREST. */
        P(3),
        RGB(3),
        RGBA(4);

        final int channels;

        Mode(int channels) {
            this.channels = channels;
        }
    }

    final Mode mode;
    final int width;
    final int height;
    /** Interleaved 8-bit samples, {@code mode.channels} per pixel; null in mode I. */
    private final byte[] samples;
    /** Mode I only: one int per pixel. */
    private final int[] wide;

    private PillowImage(Mode mode, int width, int height, byte[] samples, int[] wide) {
        this.mode = mode;
        this.width = width;
        this.height = height;
        this.samples = samples;
        this.wide = wide;
    }

    static PillowImage of8Bit(Mode mode, int width, int height, byte[] samples) {
        if (mode == Mode.I || samples.length != width * height * mode.channels) {
            throw new IllegalArgumentException(mode + " " + width + "x" + height + " needs "
                    + width * height * mode.channels + " 8-bit samples, got " + samples.length);
        }
        return new PillowImage(mode, width, height, samples, null);
    }

    static PillowImage ofInt(int width, int height, int[] values) {
        if (values.length != width * height) {
            throw new IllegalArgumentException("I " + width + "x" + height + " needs " + width * height
                    + " values, got " + values.length);
        }
        return new PillowImage(Mode.I, width, height, null, values);
    }

    /** {@code Image.resize(size, BICUBIC)} with Pillow's mode rules; the same image when the size does not change. */
    PillowImage resize(int newWidth, int newHeight) {
        if (newWidth == width && newHeight == height) {
            return this;
        }
        return resizeAndCrop(newWidth, newHeight, 0, 0, newWidth, newHeight);
    }

    /**
     * {@code resize(newWidth, newHeight).crop(left, top, cropWidth, cropHeight)}, computing only the pixels kept
     * (bounded work whatever the resized size).
     */
    PillowImage resizeAndCrop(int newWidth, int newHeight, int left, int top, int cropWidth, int cropHeight) {
        int n = mode.channels;
        switch (mode) {
            case BILEVEL:
            case P:
                return of8Bit(mode, cropWidth, cropHeight, PillowResample.nearest(samples, width, height, n,
                        newWidth, newHeight, left, top, cropWidth, cropHeight));
            case L:
            case RGB:
                return of8Bit(mode, cropWidth, cropHeight, PillowResample.bicubic8(samples, width, height, n,
                        newWidth, newHeight, left, top, cropWidth, cropHeight));
            case LA:
            case RGBA:
                byte[] resized = PillowResample.bicubic8(premultiplied(), width, height, n, newWidth, newHeight, left, top, cropWidth, cropHeight);
                return of8Bit(mode, cropWidth, cropHeight, unpremultiply(resized, n));
            case I:
                return ofInt(cropWidth, cropHeight, PillowResample.bicubic32(wide, width, height, newWidth, newHeight,
                        left, top, cropWidth, cropHeight));
            default:
                throw new AssertionError(mode);
        }
    }

    /** {@code Image.crop}; the region must lie inside the image. */
    PillowImage crop(int left, int top, int cropWidth, int cropHeight) {
        if (left < 0 || top < 0 || left + cropWidth > width || top + cropHeight > height) {
            throw new IllegalArgumentException("crop " + cropWidth + "x" + cropHeight + " at (" + left + ", " + top
                    + ") is outside the " + width + "x" + height + " image");
        }
        if (mode == Mode.I) {
            int[] out = new int[cropWidth * cropHeight];
            for (int y = 0; y < cropHeight; y++) {
                System.arraycopy(wide, (top + y) * width + left, out, y * cropWidth, cropWidth);
            }
            return ofInt(cropWidth, cropHeight, out);
        }
        int n = mode.channels;
        byte[] out = new byte[cropWidth * cropHeight * n];
        for (int y = 0; y < cropHeight; y++) {
            System.arraycopy(samples, ((top + y) * width + left) * n, out, y * cropWidth * n, cropWidth * n);
        }
        return of8Bit(mode, cropWidth, cropHeight, out);
    }

    /** {@code convert("RGB")} as an image (this one if already RGB). */
    PillowImage asRgb() {
        return mode == Mode.RGB ? this : of8Bit(Mode.RGB, width, height, toRgb());
    }

    /**
     * {@code convert("RGB")}: grey repeated, alpha dropped, palette already applied, and for mode I
     * Pillow's {@code i2rgb}: values clipped to 0..255 (so 16-bit grey above 255 saturates to white).
     */
    byte[] toRgb() {
        int pixels = width * height;
        byte[] rgb = new byte[pixels * 3];
        for (int p = 0; p < pixels; p++) {
            for (int c = 0; c < 3; c++) {
                rgb[p * 3 + c] = sampleForRgb(p, c);
            }
        }
        return rgb;
    }

    private byte sampleForRgb(int pixel, int c) {
        switch (mode) {
            case I:
                return (byte) Math.max(0, Math.min(255, wide[pixel]));
            case L:
            case LA:
                return samples[pixel * mode.channels];
            default:
                return samples[pixel * mode.channels + c];
        }
    }

    /** {@code rgbA2rgba} / {@code lA2la}: colour times alpha / 255, rounded as Pillow's MULDIV255. */
    private byte[] premultiplied() {
        int n = mode.channels;
        byte[] out = samples.clone();
        for (int p = 0; p < out.length; p += n) {
            int alpha = out[p + n - 1] & 0xFF;
            for (int c = 0; c < n - 1; c++) {
                int t = (out[p + c] & 0xFF) * alpha + 128;
                out[p + c] = (byte) (((t >> 8) + t) >> 8);
            }
        }
        return out;
    }

    /** {@code rgba2rgbA} / {@code la2lA}: colour * 255 / alpha (integer division, clipped), untouched at alpha 0 or 255. */
    private static byte[] unpremultiply(byte[] premultiplied, int n) {
        for (int p = 0; p < premultiplied.length; p += n) {
            int alpha = premultiplied[p + n - 1] & 0xFF;
            if (alpha == 0 || alpha == 255) {
                continue;
            }
            for (int c = 0; c < n - 1; c++) {
                premultiplied[p + c] = (byte) Math.min(255, 255 * (premultiplied[p + c] & 0xFF) / alpha);
            }
        }
        return premultiplied;
    }
}
