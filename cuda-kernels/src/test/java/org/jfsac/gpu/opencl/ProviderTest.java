package org.jfsac.gpu.opencl;

import org.jfsac.core.backend.Backend;
import org.jfsac.core.backend.BackendProvider;
import org.jfsac.core.backend.Devices;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/** Service registration, device listing, and probing without any OpenCL platform. */
class ProviderTest {
    @Test void registeredAsServiceAndSelectable() {
        BackendProvider p = Devices.provider("opencl");
        assertNotNull(p, "META-INF/services must register the OpenCL provider");
        assertInstanceOf(OpenClProvider.class, p);
        List<BackendProvider.DeviceInfo> devs = p.probe();
        if (devs.isEmpty()) {
            assertNotNull(p.unavailableReason());
            OpenClTestSupport.backend(); // skips or fails per JFSAC_REQUIRE_OPENCL
            return;
        }
        for (int i = 0; i < devs.size(); i++) assertEquals(i, devs.get(i).index());
        Backend b = Devices.select("opencl:0");
        assertEquals("opencl:0", b.name());
        assertSame(b, Devices.select("opencl"), "one backend per device");
        assertThrows(RuntimeException.class, () -> Devices.select("opencl:" + devs.size()));
    }

    @Test void gpusAreListedBeforeOtherDevices() {
        OpenClTestSupport.backend();
        List<ClDevice> devs = ClDevice.enumerate();
        boolean seenNonGpu = false;
        for (ClDevice d : devs) {
            if (!d.isGpu()) seenNonGpu = true;
            else assertFalse(seenNonGpu, "GPU " + d.name() + " listed after a non-GPU device");
        }
    }

    @Test void propertyPicksTheFirstDevice() {
        OpenClTestSupport.backend();
        String old = System.getProperty(ClDevice.PROPERTY);
        try {
            List<ClDevice> natural = ClDevice.enumerate();
            ClDevice last = natural.stream().max(java.util.Comparator.comparingInt(ClDevice::naturalIndex)).orElseThrow();
            System.setProperty(ClDevice.PROPERTY, Integer.toString(last.naturalIndex()));
            assertEquals(last.name(), ClDevice.enumerate().get(0).name());
            System.setProperty(ClDevice.PROPERTY, last.name().substring(0, Math.min(6, last.name().length())).toUpperCase());
            assertEquals(last.name(), ClDevice.enumerate().get(0).name(), "a case-insensitive part of the name also selects");
            System.setProperty(ClDevice.PROPERTY, "no-such-device-xyz");
            assertThrows(IllegalArgumentException.class, ClDevice::enumerate);
        } finally {
            if (old == null) System.clearProperty(ClDevice.PROPERTY);
            else System.setProperty(ClDevice.PROPERTY, old);
        }
    }

    /** With the ICD loader pointed at an empty vendor folder there is no platform: probe must report, not crash. */
    @Test void probeWithoutPlatformReturnsEmptyWithReason() throws Exception {
        Path empty = Files.createTempDirectory("no-icd");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), ProbeMain.class.getName());
        pb.environment().put("OCL_ICD_VENDORS", empty.toString());
        pb.environment().remove("OCL_ICD_FILENAMES");
        pb.redirectErrorStream(true);
        Process proc = pb.start();
        String out = new String(proc.getInputStream().readAllBytes());
        assertTrue(proc.waitFor(60, TimeUnit.SECONDS));
        Files.delete(empty);
        assertEquals(0, proc.exitValue(), out);
        assertTrue(out.contains("devices=0"), out);
        assertTrue(out.contains("reason=OpenCL unavailable"), out);
    }

    /** Child-process entry point of {@link #probeWithoutPlatformReturnsEmptyWithReason}. */
    public static final class ProbeMain {
        public static void main(String[] args) {
            OpenClProvider p = new OpenClProvider();
            System.out.println("devices=" + p.probe().size() + " reason=" + p.unavailableReason());
            System.out.println("auto=" + Devices.select("auto").name());
        }
    }
}
