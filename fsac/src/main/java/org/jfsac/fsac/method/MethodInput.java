package org.jfsac.fsac.method;

import org.jfsac.core.tensor.Tensor;
import org.jfsac.fsac.api.FsacClassifier;

import java.util.Objects;

/**
 * What a {@link Method} scores from: one class's test features and whatever the protocol has for the combination.
 *
 * @param className    the class (the text prompts name it)
 * @param cfg          the run's configuration
 * @param prototypes   the class's text prototypes T−, T+ ([2, C]: row 0 normal, row 1 anomalous, from the CPE prompts)
 * @param testFeatures CLIP image embeddings of the test images ([N, C], not normalised), in test order
 * @param shotFeatures CLIP image embeddings of the k normal shots ([k, C], not normalised); null for a method that
 *                     {@link Method.Needs#NOTHING needs nothing}
 * @param head         the CLIP-FSAC++ head trained on those shots; null unless some selected method
 *                     {@link Method.Needs#TRAINED_HEAD needs it}
 */
public record MethodInput(String className, FsacConfig cfg, Tensor prototypes, Tensor testFeatures, Tensor shotFeatures,
                          FsacClassifier head) {
    public MethodInput {
        Objects.requireNonNull(className, "class name");
        Objects.requireNonNull(cfg, "configuration");
        Objects.requireNonNull(testFeatures, "test features of " + className);
    }

    /** The input of a zero-shot method: no shots, no head. */
    public static MethodInput zeroShot(String className, FsacConfig cfg, Tensor prototypes, Tensor testFeatures) {
        return new MethodInput(className, cfg, prototypes, testFeatures, null, null);
    }

    /** This input's {@code what}, which {@code method} cannot score without: null is an error naming both. */
    <T> T require(T value, String what, Method method) {
        if (value == null) throw new IllegalStateException(method.name() + " needs " + what + " of " + className + ", which the protocol did not give it"
                + " (its needs() is " + method.needs() + ")");
        return value;
    }
}
