package org.jfsac.gpu.cuda;

import static jcuda.driver.JCudaDriver.cuDeviceGet;
import static jcuda.driver.JCudaDriver.cuDeviceGetAttribute;
import static jcuda.driver.JCudaDriver.cuDeviceGetCount;
import static jcuda.driver.JCudaDriver.cuDeviceGetName;
import static jcuda.driver.JCudaDriver.cuDeviceTotalMem;
import static jcuda.driver.JCudaDriver.cuDriverGetVersion;
import static jcuda.driver.JCudaDriver.cuInit;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import jcuda.driver.CUdevice;
import jcuda.driver.CUdevice_attribute;
import jcuda.driver.CUresult;
import jcuda.driver.JCudaDriver;
import org.jfsac.core.backend.BackendException;

/**
 * The one place that first touches JCuda. JCuda loads its native library in a static initialiser and
 * throws {@link UnsatisfiedLinkError} there when {@code libcuda.so.1} is missing, after which the
 * class is unusable; so the driver is probed exactly once, catching {@link Throwable}, and nothing
 * else in this package touches JCuda unless {@link #probe()} found devices.
 */
final class CudaDriver {

    /** One device as the driver reports it. */
    record Device(int index, String name, int ccMajor, int ccMinor, long totalBytes) {}

    /** Result of the one-time probe: devices, or none and a one-line reason. */
    record Probe(List<Device> devices, int driverVersion, String reason) {}

    private static Probe probe;

    private CudaDriver() {}

    static synchronized Probe probe() {
        if (probe == null) probe = doProbe();
        return probe;
    }

    private static Probe doProbe() {
        try {
            // Return codes are checked everywhere by check(); JCuda's own exceptions would lose the op name.
            JCudaDriver.setExceptionsEnabled(false);
            int rc = cuInit(0);
            if (rc != CUresult.CUDA_SUCCESS) {
                return new Probe(List.of(), 0, "CUDA driver present but cuInit failed: " + CUresult.stringFor(rc));
            }
            int[] version = new int[1];
            cuDriverGetVersion(version);
            int[] count = new int[1];
            rc = cuDeviceGetCount(count);
            if (rc != CUresult.CUDA_SUCCESS || count[0] == 0) {
                return new Probe(List.of(), version[0], "CUDA driver " + versionString(version[0]) + " found no device"
                        + (rc != CUresult.CUDA_SUCCESS ? " (" + CUresult.stringFor(rc) + ")" : ""));
            }
            List<Device> devices = new ArrayList<>();
            for (int i = 0; i < count[0]; i++) devices.add(describe(i));
            return new Probe(List.copyOf(devices), version[0], null);
        } catch (Throwable t) {
            return new Probe(List.of(), 0, "CUDA unavailable: " + oneLine(t));
        }
    }

    private static Device describe(int index) {
        CUdevice dev = new CUdevice();
        check(cuDeviceGet(dev, index), "cuDeviceGet", "device " + index);
        byte[] name = new byte[256];
        check(cuDeviceGetName(name, name.length, dev), "cuDeviceGetName", "device " + index);
        int len = 0;
        while (len < name.length && name[len] != 0) len++;
        int[] major = new int[1], minor = new int[1];
        // Attributes rather than the long-deprecated cuDeviceComputeCapability.
        check(cuDeviceGetAttribute(major, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR, dev),
                "cuDeviceGetAttribute", "device " + index);
        check(cuDeviceGetAttribute(minor, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR, dev),
                "cuDeviceGetAttribute", "device " + index);
        long[] total = new long[1];
        check(cuDeviceTotalMem(total, dev), "cuDeviceTotalMem", "device " + index);
        return new Device(index, new String(name, 0, len, StandardCharsets.UTF_8), major[0], minor[0], total[0]);
    }

    static String versionString(int v) {
        return (v / 1000) + "." + (v % 1000) / 10;
    }

    /** Throws a {@link BackendException} naming the call and its context unless {@code rc} is success. */
    static void check(int rc, String call, String context) {
        if (rc != CUresult.CUDA_SUCCESS) {
            throw new BackendException(call + " failed with " + CUresult.stringFor(rc) + " (" + context + ")");
        }
    }

    private static final java.util.regex.Pattern MISSING_LIBRARY =
            java.util.regex.Pattern.compile("(lib[\\w.+-]+\\.so[\\w.]*: cannot open shared object file[^\\n]*)");

    /**
     * A throwable in one line, with its type. JCuda's load errors span many lines of nested stack traces;
     * the useful part is the system library that could not be opened (libcuda.so.1, libcublas.so.12).
     */
    static String oneLine(Throwable t) {
        String msg = t.getMessage() == null ? "" : t.getMessage().strip();
        java.util.regex.Matcher m = MISSING_LIBRARY.matcher(msg);
        if (m.find()) {
            msg = m.group(1).strip();
        } else {
            int nl = msg.indexOf('\n');
            if (nl >= 0) msg = msg.substring(0, nl).strip();
        }
        if (msg.length() > 200) msg = msg.substring(0, 200) + "...";
        return t.getClass().getSimpleName() + (msg.isEmpty() ? "" : ": " + msg);
    }
}
