package org.jfsac.gpu.opencl;

import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_device_id;
import org.jocl.cl_platform_id;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import static org.jocl.CL.*;

/** One OpenCL device, and the enumeration of all of them in selection order. */
record ClDevice(cl_platform_id platform, cl_device_id device, String platformName, String name, long type, int naturalIndex) {

    /** System property / environment variable naming the device plain {@code opencl} and auto use. */
    static final String PROPERTY = "jfsac.opencl.device";
    static final String ENV = "JFSAC_OPENCL_DEVICE";

    boolean isGpu() { return (type & CL_DEVICE_TYPE_GPU) != 0; }

    boolean isAccelerator() { return (type & CL_DEVICE_TYPE_ACCELERATOR) != 0; }

    String typeName() { return isGpu() ? "GPU" : isAccelerator() ? "accelerator" : (type & CL_DEVICE_TYPE_CPU) != 0 ? "CPU" : "other"; }

    /**
     * All devices of all platforms: GPUs first, then accelerators, then the rest (stable within each kind),
     * except that the device named by {@value #PROPERTY} (an index into the platform-by-platform
     * enumeration, or a case-insensitive part of "platform device") comes first. May throw anything the
     * native layer throws; the provider catches it.
     */
    static List<ClDevice> enumerate() {
        setExceptionsEnabled(true);
        int[] count = new int[1];
        clGetPlatformIDs(0, null, count);
        cl_platform_id[] platforms = new cl_platform_id[count[0]];
        clGetPlatformIDs(platforms.length, platforms, null);
        List<ClDevice> all = new ArrayList<>();
        for (cl_platform_id p : platforms) {
            String pname = platformString(p, CL_PLATFORM_NAME);
            int[] n = new int[1];
            try {
                clGetDeviceIDs(p, CL_DEVICE_TYPE_ALL, 0, null, n);
            } catch (RuntimeException e) { // CL_DEVICE_NOT_FOUND on a platform without devices
                continue;
            }
            cl_device_id[] devs = new cl_device_id[n[0]];
            clGetDeviceIDs(p, CL_DEVICE_TYPE_ALL, devs.length, devs, null);
            for (cl_device_id d : devs) {
                long[] type = new long[1];
                clGetDeviceInfo(d, CL_DEVICE_TYPE, Sizeof.cl_long, Pointer.to(type), null);
                all.add(new ClDevice(p, d, pname, deviceString(d, CL_DEVICE_NAME), type[0], all.size()));
            }
        }
        List<ClDevice> ordered = new ArrayList<>(all);
        ordered.sort(Comparator.comparingInt(ClDevice::rank));
        ClDevice preferred = preferred(all);
        if (preferred != null) {
            ordered.remove(preferred);
            ordered.add(0, preferred);
        }
        return ordered;
    }

    private int rank() { return isGpu() ? 0 : isAccelerator() ? 1 : 2; }

    private static ClDevice preferred(List<ClDevice> all) {
        String want = System.getProperty(PROPERTY);
        if (want == null || want.isBlank()) want = System.getenv(ENV);
        if (want == null || want.isBlank()) return null;
        want = want.trim();
        try {
            int i = Integer.parseInt(want);
            if (i < 0 || i >= all.size())
                throw new IllegalArgumentException(PROPERTY + "=" + want + ": only " + all.size() + " OpenCL device(s)");
            return all.get(i);
        } catch (NumberFormatException notAnIndex) {
            String w = want.toLowerCase(Locale.ROOT);
            for (ClDevice d : all) if ((d.platformName + " " + d.name).toLowerCase(Locale.ROOT).contains(w)) return d;
            throw new IllegalArgumentException(PROPERTY + "=" + want + ": no OpenCL device matches");
        }
    }

    static String deviceString(cl_device_id d, int param) {
        long[] size = new long[1];
        clGetDeviceInfo(d, param, 0, null, size);
        byte[] buf = new byte[(int) size[0]];
        clGetDeviceInfo(d, param, buf.length, Pointer.to(buf), null);
        return cString(buf);
    }

    static long deviceLong(cl_device_id d, int param) {
        long[] v = new long[1];
        clGetDeviceInfo(d, param, Sizeof.cl_long, Pointer.to(v), null);
        return v[0];
    }

    static int deviceInt(cl_device_id d, int param) {
        int[] v = new int[1];
        clGetDeviceInfo(d, param, Sizeof.cl_int, Pointer.to(v), null);
        return v[0];
    }

    static long deviceSizeT(cl_device_id d, int param) {
        long[] v = new long[1];
        clGetDeviceInfo(d, param, Sizeof.size_t, Pointer.to(v), null);
        return v[0];
    }

    private static String platformString(cl_platform_id p, int param) {
        long[] size = new long[1];
        clGetPlatformInfo(p, param, 0, null, size);
        byte[] buf = new byte[(int) size[0]];
        clGetPlatformInfo(p, param, buf.length, Pointer.to(buf), null);
        return cString(buf);
    }

    private static String cString(byte[] buf) {
        int n = 0;
        while (n < buf.length && buf[n] != 0) n++;
        return new String(buf, 0, n, StandardCharsets.UTF_8).trim();
    }
}
