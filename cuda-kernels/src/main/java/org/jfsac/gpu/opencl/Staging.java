package org.jfsac.gpu.opencl;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Host staging memory for asynchronous uploads. OpenCL may read a non-blocking write's source at any
 * time until the command completes, so the data is first copied into a direct buffer that stays
 * untouched until the queue has drained past it ({@link #drained()}, called after every blocking read or
 * finish). Buffers are recycled by power-of-two capacity: no allocation in a steady state.
 */
final class Staging {
    /** Above this many bytes in flight the backend drains the queue before staging more. */
    static final long MAX_IN_FLIGHT = 64L << 20;

    private final Map<Integer, ArrayDeque<ByteBuffer>> free = new HashMap<>();
    private final List<ByteBuffer> inFlight = new ArrayList<>();
    private long inFlightBytes;

    /** A cleared direct buffer of at least {@code bytes}, owned by the queue until {@link #drained()}. */
    ByteBuffer acquire(int bytes) {
        int cap = Integer.highestOneBit(Math.max(64, bytes - 1)) << 1;
        if (cap < bytes) cap = bytes; // above 2^30
        ArrayDeque<ByteBuffer> q = free.get(cap);
        ByteBuffer b = q == null ? null : q.pollLast();
        if (b == null) b = ByteBuffer.allocateDirect(cap).order(ByteOrder.nativeOrder());
        b.clear();
        inFlight.add(b);
        inFlightBytes += b.capacity();
        return b;
    }

    boolean overBudget() { return inFlightBytes > MAX_IN_FLIGHT; }

    /** The queue has completed every command enqueued so far: all staged buffers are free again. */
    void drained() {
        for (ByteBuffer b : inFlight) free.computeIfAbsent(b.capacity(), k -> new ArrayDeque<>()).addLast(b);
        inFlight.clear();
        inFlightBytes = 0;
    }
}
