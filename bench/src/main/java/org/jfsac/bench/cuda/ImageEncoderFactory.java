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

    /**
     * A model with random weights on the backend. The same seed must give the same weights on every
     * backend (draw them on the host, then upload), so that float16 can be compared with float32.
     */
    ImageEncoder create(Backend backend, long seed);

    /** One image tower, ready to run. */
    interface ImageEncoder extends AutoCloseable {
        /**
         * Encodes the first {@code batch} images of a contiguous [N, 3, size, size] buffer on the model's
         * backend into a new contiguous [batch, embedDim] buffer, which the caller releases. The work
         * may still be queued on return (the harness synchronises the backend to time it).
         */
        Buffer encode(Buffer images, int batch);

        /** Releases the weights. */
        @Override
        default void close() {}
    }
}
