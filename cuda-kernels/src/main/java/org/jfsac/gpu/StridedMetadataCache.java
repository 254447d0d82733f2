package org.jfsac.gpu;

import java.nio.IntBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Device copies of the strided kernels' metadata arrays ({@link StridedLayout#meta}), one per distinct content,
 * least recently used first out: the views of a model repeat a few dozen layouts, so steady state uploads none.
 * Not thread-safe: each backend calls it under its own lock. Evicting a copy that queued kernels still read is
 * safe: both backends free device memory in stream or queue order.
 *
 * @param <H> the device buffer type
 */
public final class StridedMetadataCache<H> {
    /** Layouts kept on the device. */
    public static final int ENTRIES = 4096;

    private final Function<int[], H> upload;
    private final Consumer<H> release;
    private final Map<IntBuffer, H> cache = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<IntBuffer, H> eldest) {
            if (size() <= ENTRIES) return false;
            release.accept(eldest.getValue());
            return true;
        }
    };

    /** upload makes a device copy of an int array; release frees one. */
    public StridedMetadataCache(Function<int[], H> upload, Consumer<H> release) {
        this.upload = upload;
        this.release = release;
    }

    /** The device copy of these values (uploaded on first use). */
    public H get(int[] meta) {
        IntBuffer key = IntBuffer.wrap(meta); // equality and hash by content
        H h = cache.get(key);
        if (h == null) {
            h = upload.apply(meta.clone());
            cache.put(IntBuffer.wrap(meta.clone()), h);
        }
        return h;
    }
}
