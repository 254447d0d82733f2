package org.jfsac.fsac.data;

import java.util.List;
import java.util.Objects;

/**
 * The train and test images of one class.
 *
 * @param className the class (object) name as the dataset spells it
 * @param train     normal images only, in sorted (deterministic) order; the k-shot pool
 * @param test      normal and anomalous images, sorted
 * @param warnings  problems that do not stop evaluation, e.g. an anomalous image without a mask (which only
 *                  pixel-level metrics need); empty when the tree is complete
 */
public record ClassSplit(String className, List<Sample> train, List<Sample> test, List<String> warnings) {

    public ClassSplit {
        Objects.requireNonNull(className, "className");
        train = List.copyOf(train);
        test = List.copyOf(test);
        warnings = List.copyOf(warnings);
        for (Sample s : train) {
            if (s.isAnomalous()) {
                throw new IllegalArgumentException("class '" + className + "': the train split must hold normal "
                        + "images only, but " + s.image() + " is anomalous");
            }
        }
    }
}
