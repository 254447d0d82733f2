package org.jfsac.bench.cuda;

import org.jfsac.core.backend.Backend;
import org.jfsac.core.backend.Buffer;

/**
 * How the GPU benchmark gets an image tower without depending on the model classes: a factory per
 * architecture (ViT-B-16, ViT-B-16-plus-240, ...), found through {@link java.util.ServiceLoader}
 * ({@code META-INF/services/org.jfsac.bench.cuda.ImageEncoderFactory}) or named on the command line.
 */
public interface ImageEncoderFactory {

    /** Architecture name as OpenCLIP spells it, e.g. {@code ViT-B-16-plus-240}. */
    String name();

    /** Input side length in pixels (224, 240). */
    int imageSize();

    /** A model with random weights (seeded) on the backend. */
    ImageEncoder create(Backend backend, long seed);

    /** One image tower, ready to run. */
    interface ImageEncoder extends AutoCloseable {
        /**
         * Encodes {@code batch} images, a contiguous [batch, 3, size, size] buffer on the model's backend.
         * The embeddings may be discarded; all work must be queued on the backend before returning
         * (the harness synchronises the backend to time it).
         */
        void encode(Buffer images, int batch);

        /** Releases the weights. */
        @Override
        default void close() {}
    }
}
