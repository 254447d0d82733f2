package org.jfsac.spark;

import java.io.Serializable;

/**
 * What a scoring task needs besides the heads: where the image and class are in the row, the batch size,
 * the optional threshold and saliency folder. Shipped to executors inside each task's closure.
 */
record ScoringSettings(BackboneSpec backbone, ImageInput input, int imageIndex, int classIndex, String defaultClass,
                       Double threshold, int batchSize, String saliencyDir) implements Serializable {
    private static final long serialVersionUID = 1L;
}
