package org.jfsac.gpu.opencl;

import org.jfsac.core.backend.BackendProvider;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The OpenCL backends of the tests: device 0 once per option set, or a skip (a failure when
 * {@code JFSAC_REQUIRE_OPENCL=1}, as in CI) when there is no OpenCL device.
 */
final class OpenClTestSupport {
    private static final Map<OpenClOptions, OpenClBackend> OPEN = new HashMap<>();
    private static String unavailable;

    private OpenClTestSupport() {}

    /** True when CI demands OpenCL: system property or environment variable JFSAC_REQUIRE_OPENCL=1/true. */
    static boolean required() {
        String v = System.getProperty("JFSAC_REQUIRE_OPENCL");
        if (v == null) v = System.getenv("JFSAC_REQUIRE_OPENCL");
        return v != null && (v.equals("1") || v.equalsIgnoreCase("true"));
    }

    /** Device 0 with the options of -Djfsac.opencl.*. */
    static OpenClBackend backend() {
        return backend(OpenClOptions.fromSystemProperties());
    }

    /** Device 0 opened with these options; skips the test (fails it when required) when there is none. */
    static synchronized OpenClBackend backend(OpenClOptions options) {
        if (unavailable == null && !OPEN.containsKey(options)) {
            List<BackendProvider.DeviceInfo> devs = new OpenClProvider().probe();
            if (devs.isEmpty()) {
                unavailable = new OpenClProvider().unavailableReason();
            } else {
                OpenClBackend b = OpenClProvider.open(0, options);
                System.out.println("[opencl-tests] device: " + b.describe());
                OPEN.put(options, b);
            }
        }
        if (unavailable != null) {
            String msg = "no OpenCL device: " + unavailable;
            if (required()) fail(msg + " (JFSAC_REQUIRE_OPENCL is set, so this is a failure, not a skip)");
            System.out.println("[opencl-tests] SKIPPED: " + msg + " (set JFSAC_REQUIRE_OPENCL=1 to fail instead)");
            assumeTrue(false, msg);
        }
        return OPEN.get(options);
    }
}
