package org.jfsac.gpu.opencl;

import org.jfsac.core.backend.Backend;
import org.jfsac.core.backend.Buffer;
import org.jfsac.gpu.CachingAllocator;
import org.jocl.cl_mem;

import java.util.concurrent.atomic.AtomicBoolean;

/** A pooled device allocation of {@code size} floats (or ints, for index arrays). */
final class ClBuffer implements Buffer {
    private final OpenClBackend backend;
    private final CachingAllocator.Block<cl_mem> block;
    private final int size;
    private final AtomicBoolean released = new AtomicBoolean();

    ClBuffer(OpenClBackend backend, CachingAllocator.Block<cl_mem> block, int size) {
        this.backend = backend;
        this.block = block;
        this.size = size;
    }

    @Override public int size() { return size; }

    @Override public Backend backend() { return backend; }

    @Override public void release() {
        if (released.compareAndSet(false, true)) backend.free(block);
    }

    cl_mem mem() {
        if (released.get()) throw new IllegalStateException("OpenCL buffer of " + size + " floats used after release()");
        return block.handle();
    }

    @Override public String toString() { return "ClBuffer[" + size + "]"; }
}
