package org.jfsac.core.cpu;

import org.jfsac.core.backend.Backend;
import org.jfsac.core.backend.Buffer;

/** Heap memory: a float array. The garbage collector reclaims it, so release() is a no-op. */
public record CpuBuffer(float[] data) implements Buffer {
    @Override public int size() { return data.length; }
    @Override public Backend backend() { return CpuBackend.get(); }
    @Override public void release() {}

    static float[] of(Buffer b) {
        if (b instanceof CpuBuffer c) return c.data;
        throw new IllegalArgumentException("buffer of backend " + b.backend().name() + " passed to the cpu backend; use Tensor.to(device)");
    }
}
