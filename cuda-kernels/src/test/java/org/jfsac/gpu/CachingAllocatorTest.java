package org.jfsac.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jfsac.core.backend.BackendException;
import org.junit.jupiter.api.Test;

/** The pooling logic against a fake device with a byte budget (no GPU needed). */
class CachingAllocatorTest {

    /** Hands out distinct handles until its capacity is used up, then reports out-of-memory (null). */
    static final class FakeMemory implements CachingAllocator.DeviceMemory<long[]> {
        final long capacity;
        long used;
        int allocations;
        final Set<long[]> live = new HashSet<>();

        FakeMemory(long capacity) { this.capacity = capacity; }

        @Override
        public long[] allocate(long bytes) {
            if (used + bytes > capacity) return null;
            used += bytes;
            allocations++;
            long[] h = {bytes};
            live.add(h);
            return h;
        }

        @Override
        public void free(long[] handle) {
            assertTrue(live.remove(handle), "double free or foreign handle");
            used -= handle[0];
        }
    }

    @Test
    void roundsToQuarterPowersOfTwo() {
        assertEquals(512, CachingAllocator.roundUp(1));
        assertEquals(512, CachingAllocator.roundUp(512));
        assertEquals(1024, CachingAllocator.roundUp(513));       // 512-byte steps below 4 KiB
        assertEquals(4096, CachingAllocator.roundUp(4096));
        assertEquals(5120, CachingAllocator.roundUp(4097));      // 1 KiB steps between 4 and 8 KiB
        long mib = 1 << 20;
        assertEquals(mib + mib / 4, CachingAllocator.roundUp(mib + 1));
        for (long b = 1; b < 10_000_000; b = b * 3 + 7) {
            long r = CachingAllocator.roundUp(b);
            assertTrue(r >= b && (r <= 512 || r <= b * 1.25 + 512), "waste bounded for " + b + " -> " + r);
        }
    }

    @Test
    void steadyStateReusesBlocksWithoutDriverCalls() {
        FakeMemory mem = new FakeMemory(1L << 30);
        CachingAllocator<long[]> alloc = new CachingAllocator<>(mem, "fake:0");
        // A "training step" that allocates a few activations of repeating sizes and frees them.
        long[] sizes = {4 * 197 * 768, 4 * 197 * 3072, 4 * 197 * 768, 4 * 12 * 197 * 197, 4 * 768};
        for (int step = 0; step < 50; step++) {
            List<CachingAllocator.Block<long[]>> blocks = new ArrayList<>();
            for (long s : sizes) blocks.add(alloc.acquire(s));
            for (CachingAllocator.Block<long[]> b : blocks) alloc.release(b);
        }
        assertEquals(sizes.length, mem.allocations, "only the first step asks the driver");
        assertEquals(sizes.length, alloc.driverAllocations());
        assertEquals(0, alloc.liveBytes());
        assertEquals(mem.used, alloc.cachedBytes());
    }

    @Test
    void releasedBlockIsHandedOutAgainOnlyForTheSameRoundedSize() {
        CachingAllocator<long[]> alloc = new CachingAllocator<>(new FakeMemory(1 << 20), "fake:0");
        CachingAllocator.Block<long[]> a = alloc.acquire(1000);
        alloc.release(a);
        assertSame(a.handle(), alloc.acquire(900).handle(), "900 and 1000 bytes round to the same 1024 block");
        assertNotSame(a.handle(), alloc.acquire(1000).handle(), "a block in use is not handed out twice");
    }

    @Test
    void outOfMemoryFreesTheCacheRetriesThenFailsInOneLine() {
        FakeMemory mem = new FakeMemory(10 * 1024);
        CachingAllocator<long[]> alloc = new CachingAllocator<>(mem, "fake:0");
        // Fill the device with cached 4 KiB blocks, then ask for 8 KiB: the cache must be dropped.
        CachingAllocator.Block<long[]> a = alloc.acquire(4096), b = alloc.acquire(4096);
        alloc.release(a);
        alloc.release(b);
        CachingAllocator.Block<long[]> big = alloc.acquire(8192);
        assertEquals(8192, big.bytes());
        assertEquals(0, alloc.cachedBytes());
        BackendException e = assertThrows(BackendException.class, () -> alloc.acquire(8192));
        assertFalse(e.getMessage().contains("\n"));
        assertEquals("fake:0 out of device memory allocating 8.0 KiB (8.0 KiB in use by this backend)", e.getMessage());
    }
}
