package org.jfsac.gpu;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import org.jfsac.core.backend.BackendException;

/**
 * The caching device-memory allocator of both GPU backends (CUDA and OpenCL, each with its driver calls as
 * {@link DeviceMemory}): released blocks go to a free list keyed by their rounded size and
 * are handed out again, so that steady-state inference or training asks the driver for nothing.
 * Sizes are rounded up to a quarter of their power of two (at most 25% waste, and repeated
 * allocations of similar sizes share blocks). When the driver reports out-of-memory, every cached
 * block is freed and the allocation retried once before failing with a one-line message.
 *
 * <p>Reuse is safe without events because each backend runs all work on one in-order stream or queue: a
 * kernel that reads a block released earlier is queued before any kernel that writes its new owner.
 *
 * @param <H> the driver's handle type (a device pointer; a fake one in tests)
 */
public final class CachingAllocator<H> {

    /** The driver calls the allocator needs. */
    public interface DeviceMemory<H> {
        /** A new block of {@code bytes}, or null when the device is out of memory. */
        H allocate(long bytes);

        void free(H handle);
    }

    /** A block of device memory and its rounded size. */
    public record Block<H>(H handle, long bytes) {}

    static final long MIN_BLOCK = 512;

    private final DeviceMemory<H> memory;
    private final String deviceName;
    private final Map<Long, ArrayDeque<H>> free = new HashMap<>();
    private long cachedBytes;
    private long liveBytes;
    private long driverAllocations;

    public CachingAllocator(DeviceMemory<H> memory, String deviceName) {
        this.memory = memory;
        this.deviceName = deviceName;
    }

    /** Rounds up to a multiple of a quarter of the size's power of two, at least {@link #MIN_BLOCK}. */
    static long roundUp(long bytes) {
        if (bytes <= MIN_BLOCK) return MIN_BLOCK;
        long pow = Long.highestOneBit(bytes);
        long step = Math.max(MIN_BLOCK, pow / 4);
        return (bytes + step - 1) / step * step;
    }

    public synchronized Block<H> acquire(long bytes) {
        long size = roundUp(bytes);
        ArrayDeque<H> list = free.get(size);
        if (list != null && !list.isEmpty()) {
            cachedBytes -= size;
            liveBytes += size;
            return new Block<>(list.pop(), size);
        }
        H h = memory.allocate(size);
        if (h == null) {
            releaseCached();
            h = memory.allocate(size);
        }
        if (h == null) {
            throw new BackendException(deviceName + " out of device memory allocating " + formatBytes(size) + " ("
                    + formatBytes(liveBytes) + " in use by this backend)");
        }
        driverAllocations++;
        liveBytes += size;
        return new Block<>(h, size);
    }

    static String formatBytes(long bytes) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        double v = bytes;
        int u = 0;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return u == 0 ? bytes + " B" : String.format(java.util.Locale.ROOT, "%.1f %s", v, units[u]);
    }

    public synchronized void release(Block<H> block) {
        free.computeIfAbsent(block.bytes(), s -> new ArrayDeque<>()).push(block.handle());
        liveBytes -= block.bytes();
        cachedBytes += block.bytes();
    }

    /** Frees every cached (unused) block back to the driver. */
    public synchronized void releaseCached() {
        for (ArrayDeque<H> list : free.values()) {
            for (H h : list) memory.free(h);
        }
        free.clear();
        cachedBytes = 0;
    }

    public synchronized long liveBytes() { return liveBytes; }

    public synchronized long cachedBytes() { return cachedBytes; }

    /** How many times the driver was asked for memory (flat in steady state). */
    public synchronized long driverAllocations() { return driverAllocations; }
}
