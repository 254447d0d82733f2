package org.jfsac.core.tensor;

import org.jfsac.core.backend.Buffer;
import org.jfsac.core.cpu.CpuBuffer;

import java.lang.ref.Cleaner;

/**
 * Owns a device buffer shared by a tensor and its views. Device memory goes back to the backend's pool
 * when the last tensor referring to it becomes unreachable (or at {@link #release()}); heap buffers are
 * left to the garbage collector.
 */
final class Storage {
    private static final Cleaner CLEANER = Cleaner.create();

    final Buffer buffer;
    private final Cleaner.Cleanable cleanable;

    Storage(Buffer buffer) { this(buffer, true); }

    /** owned = false: the buffer is borrowed from the caller, who releases it. */
    Storage(Buffer buffer, boolean owned) {
        this.buffer = buffer;
        this.cleanable = !owned || buffer instanceof CpuBuffer ? null : CLEANER.register(this, buffer::release);
    }

    void release() {
        if (cleanable != null) cleanable.clean();
    }
}
