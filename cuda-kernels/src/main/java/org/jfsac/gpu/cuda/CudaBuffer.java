package org.jfsac.gpu.cuda;

import java.util.concurrent.atomic.AtomicBoolean;
import jcuda.driver.CUdeviceptr;
import org.jfsac.core.backend.Backend;
import org.jfsac.core.backend.Buffer;
import org.jfsac.gpu.CachingAllocator;

/** Device memory of {@link CudaBackend}: a pooled block holding {@code size} floats (or ints). */
final class CudaBuffer implements Buffer {

    /** A buffer and an element offset into it: one pointer argument of a kernel. */
    record Slice(CudaBuffer buffer, int offset) {
        CUdeviceptr pointer() { return buffer.pointer(offset); }

        @Override
        public String toString() {
            return "float[" + buffer.size + "]" + (offset == 0 ? "" : "@" + offset);
        }
    }

    private final CudaBackend backend;
    private final CachingAllocator.Block<CUdeviceptr> block;
    private final int size;
    private final AtomicBoolean released = new AtomicBoolean();

    CudaBuffer(CudaBackend backend, CachingAllocator.Block<CUdeviceptr> block, int size) {
        this.backend = backend;
        this.block = block;
        this.size = size;
    }

    @Override
    public int size() { return size; }

    @Override
    public Backend backend() { return backend; }

    @Override
    public void release() {
        if (released.compareAndSet(false, true)) backend.free(block);
    }

    boolean isReleased() { return released.get(); }

    /** Device address of element {@code offset}. */
    CUdeviceptr pointer(int offset) {
        return offset == 0 ? block.handle() : block.handle().withByteOffset(4L * offset);
    }

    Slice at(int offset) { return new Slice(this, offset); }

    @Override
    public String toString() { return "cuda float[" + size + "]"; }
}
