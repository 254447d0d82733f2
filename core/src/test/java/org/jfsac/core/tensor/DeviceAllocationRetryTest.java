package org.jfsac.core.tensor;

import org.jfsac.core.backend.Backend;
import org.jfsac.core.backend.BackendException;
import org.jfsac.core.cpu.CpuBackend;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A full device gets one collect-and-retry before the error reaches the caller. */
class DeviceAllocationRetryTest {
    /** A device (not the CPU backend) whose first `failures` allocations report that it is full. */
    static Backend flaky(int failures, AtomicInteger calls) {
        return (Backend) Proxy.newProxyInstance(Backend.class.getClassLoader(), new Class<?>[]{Backend.class}, (p, m, args) -> {
            if (m.getName().equals("allocate") && calls.incrementAndGet() <= failures)
                throw new BackendException("test device out of memory");
            return m.invoke(CpuBackend.get(), args);
        });
    }

    @Test
    void retriesOnceAfterACollection() {
        AtomicInteger calls = new AtomicInteger();
        Tensor t = Tensor.of(flaky(1, calls), new float[]{1, 2, 3}, 3);
        assertEquals(2, calls.get(), "failed once, retried once");
        assertArrayEquals(new float[]{1, 2, 3}, t.toArray());
    }

    @Test
    void aDeviceThatStaysFullFailsWithItsOwnMessage() {
        AtomicInteger calls = new AtomicInteger();
        BackendException e = assertThrows(BackendException.class, () -> Tensor.of(flaky(5, calls), new float[]{1}, 1));
        assertEquals("test device out of memory", e.getMessage());
        assertEquals(2, calls.get(), "exactly one retry");
    }
}
