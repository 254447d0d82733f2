package org.jfsac.gpu.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.jfsac.core.backend.Backend;
import org.jfsac.core.backend.BackendException;
import org.jfsac.core.backend.BackendProvider;
import org.jfsac.core.backend.Devices;
import org.junit.jupiter.api.Test;

/**
 * Clean failure and registration, on any machine: with no driver or device the probe returns nothing
 * and a one-line reason (never an Error from JCuda's static initialiser), opening fails with a
 * one-line BackendException, and {@code auto} falls back to the next backend.
 */
class CudaProviderTest {

    @Test
    void registeredAsServiceBeforeOpenCl() {
        BackendProvider p = Devices.provider("cuda");
        assertNotNull(p, "META-INF/services must register the CUDA provider");
        assertTrue(p instanceof CudaProvider);
        BackendProvider ocl = Devices.provider("opencl");
        if (ocl != null) assertTrue(p.priority() < ocl.priority(), "CUDA must be tried before OpenCL");
    }

    @Test
    void probeNeverThrowsAndExplainsAnAbsence() {
        CudaProvider p = new CudaProvider();
        List<BackendProvider.DeviceInfo> first = p.probe(), second = p.probe();
        assertEquals(first, second, "the probe runs once and is remembered");
        if (first.isEmpty()) {
            String why = p.unavailableReason();
            assertNotNull(why);
            assertFalse(why.isBlank());
            assertFalse(why.contains("\n"), "one line: " + why);
            System.err.println("[CudaProviderTest] no CUDA device: " + why);
        } else {
            for (BackendProvider.DeviceInfo d : first) {
                assertEquals("cuda", d.kind());
                assertTrue(d.gpu());
            }
        }
    }

    @Test
    void openingAMissingDeviceFailsInOneLine() {
        CudaProvider p = new CudaProvider();
        int missing = p.probe().size();
        BackendException e = assertThrows(BackendException.class, () -> p.open(missing));
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        if (missing == 0) {
            BackendException sel = assertThrows(BackendException.class, () -> Devices.select("cuda"));
            assertFalse(sel.getMessage().contains("\n"), sel.getMessage());
        }
    }

    @Test
    void autoFallsBackWithoutCrashing() {
        Backend b = Devices.select("auto");
        assertNotNull(b);
        String choice = Devices.lastChoice();
        if (new CudaProvider().probe().isEmpty()) {
            assertFalse(b.name().startsWith("cuda"));
            assertTrue(choice.contains("cuda: "), "auto must say why CUDA was skipped: " + choice);
        } else {
            assertTrue(b.name().startsWith("cuda"), choice);
        }
    }
}
