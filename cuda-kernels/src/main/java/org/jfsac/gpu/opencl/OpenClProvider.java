package org.jfsac.gpu.opencl;

import org.jfsac.core.backend.Backend;
import org.jfsac.core.backend.BackendException;
import org.jfsac.core.backend.BackendProvider;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link BackendProvider} for OpenCL devices (JOCL). Device indices are positions in {@link #probe()}'s
 * list: GPUs, then accelerators, then CPUs, unless {@code -Djfsac.opencl.device} puts another first.
 * A missing OpenCL platform or native library makes {@link #probe()} return an empty list with the
 * reason; the native layer is then never touched again in this JVM.
 */
public final class OpenClProvider implements BackendProvider {
    private static List<ClDevice> devices;   // null until probed
    private static String reason;
    private static final Map<Integer, OpenClBackend> OPEN = new HashMap<>();

    @Override public String kind() { return "opencl"; }

    /** After CUDA (10), before nothing else: auto only takes OpenCL GPUs anyway. */
    @Override public int priority() { return 20; }

    @Override public List<DeviceInfo> probe() {
        List<DeviceInfo> out = new ArrayList<>();
        for (ClDevice d : devices()) out.add(new DeviceInfo("opencl", out.size(), d.name() + " (" + d.platformName() + ")", d.isGpu()));
        return out;
    }

    @Override public String unavailableReason() {
        devices();
        return reason;
    }

    @Override public Backend open(int index) {
        synchronized (OPEN) {
            return OPEN.computeIfAbsent(index, i -> open(i, OpenClOptions.fromSystemProperties()));
        }
    }

    /**
     * A separate backend on device {@code index} with these options (tests run both launch styles side by side);
     * {@link #open} gives the shared one configured by system properties.
     */
    public static OpenClBackend open(int index, OpenClOptions options) {
        List<ClDevice> devs = devices();
        if (devs.isEmpty()) throw new BackendException("OpenCL is not available: " + reason);
        if (index < 0 || index >= devs.size())
            throw new BackendException("opencl:" + index + " does not exist: " + devs.size() + " OpenCL device(s) found");
        return new OpenClBackend(devs.get(index), index, options);
    }

    private static synchronized List<ClDevice> devices() {
        if (devices == null) {
            try {
                devices = ClDevice.enumerate();
                reason = devices.isEmpty() ? "no OpenCL devices found" : null;
            } catch (Throwable t) { // UnsatisfiedLinkError, CL_PLATFORM_NOT_FOUND_KHR, a bad -Djfsac.opencl.device ...
                devices = List.of();
                reason = "OpenCL unavailable: " + describe(t);
            }
        }
        return devices;
    }

    private static String describe(Throwable t) {
        String msg = t.getMessage();
        return t.getClass().getSimpleName() + (msg == null ? "" : ": " + msg.lines().findFirst().orElse(""));
    }
}
