package org.jfsac.fsac.synth;

import org.jfsac.clip.image.RgbImage;

/**
 * The authors' background estimate for object classes ({@code estimate_background} in their
 * anomaly_image_generate.py): grey (channel mean) below 30 or above 220 is background, cleaned by a 7×7 median
 * filter and grown by a 19×19 dilation so that anomalies are kept away from the object's rim.
 */
public final class BackgroundEstimate {
    public static final int LOW = 30;
    public static final int HIGH = 220;
    public static final int MEDIAN_SIZE = 7;
    public static final int DILATION_SIZE = 19;

    private BackgroundEstimate() {
    }

    /** Set where the pixel is (near) background. */
    public static Mask of(RgbImage image) {
        Mask raw = new Mask(image.width(), image.height());
        for (int y = 0; y < image.height(); y++) {
            for (int x = 0; x < image.width(); x++) {
                double g = image.gray(x, y);
                raw.set(x, y, g < LOW || g > HIGH);
            }
        }
        return raw.medianBlur(MEDIAN_SIZE).dilate(DILATION_SIZE);
    }
}
