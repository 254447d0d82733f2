package org.jfsac.spark;

import java.io.Serializable;
import java.util.Map;

/**
 * What a scoring task needs besides the heads' bytes: where the image, its name (binaryFile's path) and the
 * class are in the row, each class's head key (SHA-256 of its bytes, computed once on the driver, so that an
 * executor that has the head loaded already neither hashes nor fetches it), the batch size, the optional
 * threshold and saliency folder. Shipped to executors inside each task's closure.
 *
 * @param nameIndex column naming binary content in messages, or -1
 * @param classIndex class column, or -1 to use defaultClass
 * @param headKeys   class name to {@link org.jfsac.fsac.api.HeadDescription#sha256()}
 */
record ScoringSettings(BackboneSpec backbone, ImageInput input, int imageIndex, int nameIndex, int classIndex, String defaultClass,
                       Map<String, String> headKeys, Double threshold, int batchSize, String saliencyDir) implements Serializable {
    private static final long serialVersionUID = 2L;
}
