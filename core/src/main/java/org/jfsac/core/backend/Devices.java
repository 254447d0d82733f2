package org.jfsac.core.backend;

import org.jfsac.core.cpu.CpuBackend;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;

/**
 * Backend selection: {@code auto | cpu | cuda[:N] | opencl[:N]}. Auto tries CUDA, then an OpenCL GPU,
 * then the CPU, and explains its choice in one line ({@link #lastChoice()}). The spec can also come
 * from the system property {@code jfsac.device} or the environment variable {@code JFSAC_DEVICE}.
 */
public final class Devices {
    private static volatile Backend defaultBackend;
    private static volatile String lastChoice = "";

    private Devices() {}

    /** The CPU backend (always available). */
    public static Backend cpu() { return CpuBackend.get(); }

    /** The backend new tensors go to when none is named. CPU unless {@link #setDefault} says otherwise. */
    public static Backend getDefault() {
        Backend b = defaultBackend;
        return b != null ? b : CpuBackend.get();
    }

    /** Sets the backend that new tensors go to when none is named (null: the CPU). */
    public static void setDefault(Backend backend) { defaultBackend = backend; }

    /** One line saying which device the last {@link #select} chose and why (empty before the first call). */
    public static String lastChoice() { return lastChoice; }

    /** The spec from -Djfsac.device or $JFSAC_DEVICE, else "cpu". */
    public static String configuredSpec() {
        String s = System.getProperty("jfsac.device");
        if (s == null || s.isBlank()) s = System.getenv("JFSAC_DEVICE");
        return s == null || s.isBlank() ? "cpu" : s.trim();
    }

    static List<BackendProvider> providers() {
        List<BackendProvider> list = new ArrayList<>();
        for (BackendProvider p : ServiceLoader.load(BackendProvider.class)) list.add(p);
        list.sort(Comparator.comparingInt(BackendProvider::priority));
        return list;
    }

    /** Looks up the provider of one kind, or null when that module is not on the class path. */
    public static BackendProvider provider(String kind) {
        for (BackendProvider p : providers()) if (p.kind().equals(kind)) return p;
        return null;
    }

    /**
     * Opens the backend a spec names. Explicit kinds fail with a clear message if unavailable;
     * {@code auto} never fails (the CPU is always there).
     */
    public static Backend select(String spec) {
        String s = spec == null ? "auto" : spec.trim().toLowerCase(Locale.ROOT);
        if (s.equals("cpu")) {
            lastChoice = "device: cpu (" + CpuBackend.get().describe() + ")";
            return CpuBackend.get();
        }
        if (s.equals("auto")) return selectAuto();
        String kind = s;
        int index = -1;
        int colon = s.indexOf(':');
        if (colon >= 0) {
            kind = s.substring(0, colon);
            try {
                index = Integer.parseInt(s.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad device '" + spec + "': expected auto, cpu, cuda[:N] or opencl[:N]");
            }
        }
        BackendProvider p = provider(kind);
        if (p == null) {
            throw new IllegalArgumentException("unknown device '" + spec + "': expected auto, cpu, cuda[:N] or opencl[:N]"
                    + (kind.equals("cuda") || kind.equals("opencl") ? " (the jfsac-cuda-kernels module is not on the class path)" : ""));
        }
        List<BackendProvider.DeviceInfo> devs = p.probe();
        if (devs.isEmpty()) throw new BackendException("device " + spec + " is not available: " + p.unavailableReason());
        if (index < 0) index = 0;
        if (index >= devs.size()) throw new BackendException("device " + spec + ": only " + devs.size() + " " + kind + " device(s) found");
        Backend b = p.open(index);
        lastChoice = "device: " + b.name() + " (" + b.describe() + ")";
        return b;
    }

    private static Backend selectAuto() {
        StringBuilder why = new StringBuilder();
        for (BackendProvider p : providers()) {
            List<BackendProvider.DeviceInfo> devs;
            try {
                devs = p.probe();
            } catch (Throwable t) {
                devs = List.of();
            }
            int pick = -1;
            for (BackendProvider.DeviceInfo d : devs) if (d.gpu()) { pick = d.index(); break; }
            if (pick < 0) {
                String reason = devs.isEmpty() ? p.unavailableReason() : "no GPU among " + devs.size() + " device(s)";
                why.append("; ").append(p.kind()).append(": ").append(reason);
                continue;
            }
            try {
                Backend b = p.open(pick);
                lastChoice = "device: " + b.name() + " (" + b.describe() + ")" + why;
                return b;
            } catch (Throwable t) {
                why.append("; ").append(p.kind()).append(": failed to open: ").append(t.getMessage());
            }
        }
        lastChoice = "device: cpu (" + CpuBackend.get().describe() + ")" + why;
        return CpuBackend.get();
    }
}
