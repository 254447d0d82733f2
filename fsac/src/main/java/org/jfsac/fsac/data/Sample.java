package org.jfsac.fsac.data;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One image of a dataset split.
 *
 * @param image      the image file
 * @param label      {@link #NORMAL} (0) or {@link #ANOMALOUS} (1)
 * @param defectType the folder the image came from ("good" for normal MVTec images, e.g. "crack"), or for VisA's
 *                   raw layout, which names no defects, "good" or "anomaly"
 * @param mask       the ground-truth mask, or null when there is none (normal images, missing masks)
 */
public record Sample(Path image, int label, String defectType, Path mask) {

    public static final int NORMAL = 0;
    public static final int ANOMALOUS = 1;

    public Sample {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(defectType, "defectType");
        if (label != NORMAL && label != ANOMALOUS) {
            throw new IllegalArgumentException("label of " + image + " is " + label
                    + "; must be 0 (normal) or 1 (anomalous)");
        }
    }

    public boolean isAnomalous() {
        return label == ANOMALOUS;
    }
}
