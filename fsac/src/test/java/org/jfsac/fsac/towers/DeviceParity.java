package org.jfsac.fsac.towers;

import org.jfsac.core.backend.Backend;
import org.jfsac.core.backend.BackendProvider;
import org.jfsac.core.backend.Devices;

import java.util.List;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Opens a GPU backend for the end-to-end fixture tests, or skips with the reason (fails when required). */
final class DeviceParity {
    private DeviceParity() {}

    /** @param requiredVar environment/system property that turns a skip into a failure (e.g. JFSAC_REQUIRE_OPENCL) */
    static Backend open(String kind, String requiredVar) {
        BackendProvider p = Devices.provider(kind);
        String why;
        if (p == null) {
            why = "the " + kind + " backend is not on the class path";
        } else {
            List<BackendProvider.DeviceInfo> devs = p.probe();
            if (!devs.isEmpty()) {
                Backend b = p.open(0);
                System.out.println("[" + kind + "-parity] device: " + b.describe());
                return b;
            }
            why = p.unavailableReason();
        }
        String v = System.getProperty(requiredVar, System.getenv(requiredVar));
        if (v != null && (v.equals("1") || v.equalsIgnoreCase("true"))) fail("no " + kind + " device (" + why + ") and " + requiredVar + " is set");
        System.out.println("[" + kind + "-parity] SKIPPED: no " + kind + " device: " + why);
        assumeTrue(false, "no " + kind + " device: " + why);
        return null;
    }
}
