package org.jfsac.gpu.opencl;

import org.jfsac.core.backend.Buffer;
import org.jfsac.core.backend.UnaryOp;
import org.jfsac.core.backend.View;
import org.junit.jupiter.api.Test;

import static org.jfsac.gpu.opencl.OpenClTestSupport.backend;
import static org.junit.jupiter.api.Assertions.*;

/** The pool and the buffer life cycle (transfers are in the conformance suite's Contract family). */
class MemoryTest {
    @Test void steadyStateLoopStopsAllocating() {
        OpenClBackend b = backend();
        float[] host = new float[197 * 226];
        for (int i = 0; i < host.length; i++) host[i] = (i % 17) / 8f - 1f;
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
}
