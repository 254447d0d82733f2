package org.jfsac.gpu.opencl;

import org.jfsac.core.backend.Buffer;
import org.jfsac.core.backend.UnaryOp;
import org.jfsac.core.backend.View;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.jfsac.gpu.opencl.OpenClTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

/** Uploads, downloads, the pool and buffer life cycle. */
class MemoryTest {
    @Test void uploadDownloadWithOffsets() {
        OpenClBackend b = backend();
        Random r = rng("upload");
        float[] host = uniform(r, 1000, -1, 1);
        Buffer buf = b.allocate(600);
        b.upload(host, 100, buf, 50, 500);
        float[] back = new float[520];
        b.download(buf, 50, back, 20, 500);
        for (int i = 0; i < 500; i++) assertEquals(host[100 + i], back[20 + i], 0f, "element " + i);
        assertThrows(IndexOutOfBoundsException.class, () -> b.upload(host, 0, buf, 200, 401));
        assertThrows(IndexOutOfBoundsException.class, () -> b.download(buf, 0, back, 0, 521));
        buf.release();
    }

    /** Uploads return before the device reads the data: the host array must be free for reuse at once. */
    @Test void hostArrayMayChangeRightAfterUpload() {
        OpenClBackend b = backend();
        float[] host = new float[4096];
        Buffer[] bufs = new Buffer[20];
        for (int k = 0; k < bufs.length; k++) {
            java.util.Arrays.fill(host, k);
            bufs[k] = b.allocate(host.length);
            b.upload(host, 0, bufs[k], 0, host.length);
        }
        java.util.Arrays.fill(host, -1f);
        for (int k = 0; k < bufs.length; k++) {
            float[] back = new float[host.length];
            b.download(bufs[k], 0, back, 0, back.length);
            for (float v : back) assertEquals(k, v, 0f);
            bufs[k].release();
        }
    }

    @Test void steadyStateLoopStopsAllocating() {
        OpenClBackend b = backend();
        Random r = rng("pool");
        float[] host = uniform(r, 197 * 226, -1, 1);
        long before = 0;
        for (int it = 0; it < 5; it++) {
            if (it == 2) before = b.pool().driverAllocations();
            Buffer x = b.allocate(host.length), y = b.allocate(host.length);
            b.upload(host, 0, x, 0, host.length);
            b.unary(UnaryOp.GELU, 0f, View.contiguous(x, 197, 226), y);
            Buffer mean = b.allocate(197), rstd = b.allocate(197);
            b.layerNorm(y, null, null, x, mean, rstd, 197, 226, 1e-5f);
            float[] out = new float[3];
            b.download(x, 0, out, 0, 3);
            for (Buffer t : new Buffer[]{x, y, mean, rstd}) t.release();
        }
        assertEquals(before, b.pool().driverAllocations(), "iterations 3-5 must reuse pooled memory");
    }

    @Test void releasedBuffersCannotBeUsedAndReleaseIsIdempotent() {
        OpenClBackend b = backend();
        Buffer x = b.allocate(8), y = b.allocate(8);
        x.release();
        x.release();
        assertThrows(IllegalStateException.class, () -> b.unary(UnaryOp.EXP, 0f, View.contiguous(x, 8), y));
        y.release();
        Buffer empty = b.allocate(0);
        assertEquals(0, empty.size());
        b.download(empty, 0, new float[0], 0, 0);
        empty.release();
    }

    /** Classes step by 1/8 of the power of two below the request, and by at least 256 bytes. */
    @Test void sizeClassesWasteAtMostAnEighth() {
        for (long bytes = 1; bytes < 1L << 26; bytes = bytes * 3 / 2 + 7) {
            long c = BufferPool.sizeClass(bytes);
            assertTrue(c >= bytes && c <= Math.max(bytes + 256, bytes + bytes / 8 + 1), bytes + " -> " + c);
        }
    }
}
