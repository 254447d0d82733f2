package org.jfsac.core.backend;

import org.jfsac.core.cpu.CpuBackend;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Device specs as users type them; core alone has no GPU providers on its class path. */
class DevicesTest {
    @Test
    void cpuAndAutoAlwaysWork() {
        assertSame(CpuBackend.get(), Devices.select("cpu"));
        assertTrue(Devices.lastChoice().startsWith("device: cpu"), Devices.lastChoice());
        assertSame(CpuBackend.get(), Devices.select(" AUTO "), "auto never fails: the CPU is always there");
    }

    @Test
    void badSpecsNameThemselvesAndTheValidForms() {
        var e = assertThrows(IllegalArgumentException.class, () -> Devices.select("tpu"));
        assertTrue(e.getMessage().contains("'tpu'") && e.getMessage().contains("opencl[:N]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Devices.select("cuda:x"));
        assertTrue(e.getMessage().contains("cuda:x"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Devices.select("opencl"));
        assertTrue(e.getMessage().contains("jfsac-cuda-kernels"), "says which module is missing: " + e.getMessage());
    }
}
