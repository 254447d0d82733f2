package org.jfsac.fsac.report;

import java.awt.image.BufferedImage;
import java.util.Objects;

/**
 * One test image with its saliency map (Eq. 17: |∂AS/∂x| averaged over channels), shown like the paper's Fig. 5.
 *
 * @param saliency   {@code [height][width]}, any size (it is resized to the image); finite
 * @param mask       the ground-truth defect mask, or null for a normal image or a dataset without masks
 * @param score      the image's anomaly score AS(x)
 * @param pixelAuroc the pixel-level AUROC of the saliency map against the mask (0–1), or null if not computed
 */
public record SaliencyExample(String imageName, BufferedImage image, float[][] saliency, BufferedImage mask,
                              double score, Double pixelAuroc) {

    public SaliencyExample {
        Objects.requireNonNull(imageName, "image name");
        Objects.requireNonNull(image, "image of " + imageName);
        try {
            Heatmap.range(saliency);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("saliency of " + imageName + ": " + e.getMessage(), e);
        }
        if (pixelAuroc != null && !(pixelAuroc >= 0 && pixelAuroc <= 1)) {
            throw new IllegalArgumentException("pixel AUROC of " + imageName + " is " + pixelAuroc
                    + "; must be in [0, 1]");
        }
    }
}
