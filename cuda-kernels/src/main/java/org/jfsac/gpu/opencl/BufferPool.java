package org.jfsac.gpu.opencl;

import org.jocl.CLException;
import org.jocl.cl_context;
import org.jocl.cl_mem;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

import static org.jocl.CL.*;

/**
 * Device memory pool: allocations are rounded up to size classes (at most 1/8 above the request) and
 * released blocks are kept per class for reuse, so a training or inference loop that repeats its shapes
 * allocates nothing from the driver after the first iteration. Reusing a block right after its release is
 * safe because all work runs on one in-order queue: the next user's commands queue after the last
 * user's. When the device runs out of memory the pool frees its idle blocks and tries once more.
 */
final class BufferPool {
    record Block(cl_mem mem, long bytes) {}

    private final cl_context context;
    private final Map<Long, ArrayDeque<Block>> free = new HashMap<>();
    private long idleBytes, liveBytes, driverAllocations;

    BufferPool(cl_context context) { this.context = context; }

    static long sizeClass(long bytes) {
        long b = Math.max(bytes, 4);
        long step = Math.max(256, Long.highestOneBit(b - 1 | 1) / 8); // 8 classes per power of two
        return (b + step - 1) / step * step;
    }

    synchronized Block get(long bytes) {
        long cls = sizeClass(bytes);
        ArrayDeque<Block> q = free.get(cls);
        Block b = q == null ? null : q.pollLast();
        if (b != null) {
            idleBytes -= cls;
        } else {
            b = new Block(create(cls), cls);
            driverAllocations++;
        }
        liveBytes += cls;
        return b;
    }

    private cl_mem create(long bytes) {
        try {
            return clCreateBuffer(context, CL_MEM_READ_WRITE, bytes, null, null);
        } catch (CLException e) {
            if (idleBytes == 0) throw e;
            trim();
            return clCreateBuffer(context, CL_MEM_READ_WRITE, bytes, null, null);
        }
    }

    synchronized void put(Block b) {
        free.computeIfAbsent(b.bytes(), k -> new ArrayDeque<>()).addLast(b);
        idleBytes += b.bytes();
        liveBytes -= b.bytes();
    }

    /** Returns every idle block to the driver. */
    synchronized void trim() {
        for (ArrayDeque<Block> q : free.values()) for (Block b : q) clReleaseMemObject(b.mem());
        free.clear();
        idleBytes = 0;
    }

    /** Blocks handed out and not yet released, in bytes. */
    synchronized long liveBytes() { return liveBytes; }

    synchronized long idleBytes() { return idleBytes; }

    /** How many times the pool had to ask the driver for memory (stops growing in a steady state). */
    synchronized long driverAllocations() { return driverAllocations; }
}
