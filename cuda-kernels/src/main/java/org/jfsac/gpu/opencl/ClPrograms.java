package org.jfsac.gpu.opencl;

import org.jfsac.core.backend.BackendException;
import org.jfsac.gpu.KernelSources;
import org.jocl.CLException;
import org.jocl.Pointer;
import org.jocl.cl_context;
import org.jocl.cl_device_id;
import org.jocl.cl_kernel;
import org.jocl.cl_program;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import static org.jocl.CL.*;

/**
 * Builds each kernel file once per set of compile options and keeps its kernels. Not thread-safe: the
 * backend calls it under its own lock (cl_kernel argument state is per object anyway).
 */
final class ClPrograms {
    private final cl_context context;
    private final cl_device_id device;
    private final String baseOptions;
    private final Map<String, cl_program> programs = new HashMap<>();
    private final Map<String, cl_kernel> kernels = new HashMap<>();

    ClPrograms(cl_context context, cl_device_id device, String baseOptions) {
        this.context = context;
        this.device = device;
        this.baseOptions = baseOptions;
    }

    /** Kernel {@code name} of {@code file} built with the base options plus {@code extraOptions}. */
    cl_kernel kernel(String file, String extraOptions, String name) {
        String pkey = file + "|" + extraOptions;
        String kkey = pkey + "|" + name;
        cl_kernel k = kernels.get(kkey);
        if (k == null) {
            cl_program p = programs.computeIfAbsent(pkey, key -> build(file, extraOptions));
            k = clCreateKernel(p, name, null);
            kernels.put(kkey, k);
        }
        return k;
    }

    private cl_program build(String file, String extraOptions) {
        String options = (baseOptions + " " + extraOptions).trim();
        cl_program p = clCreateProgramWithSource(context, 1, new String[]{KernelSources.expanded(file)}, null, null);
        try {
            clBuildProgram(p, 1, new cl_device_id[]{device}, options, null, null);
        } catch (CLException e) {
            String log = buildLog(p);
            clReleaseProgram(p);
            throw new BackendException("OpenCL build of kernel source " + file + " (options '" + options + "') failed: "
                    + e.getMessage() + "\n" + log, e);
        }
        return p;
    }

    private String buildLog(cl_program p) {
        try {
            long[] size = new long[1];
            clGetProgramBuildInfo(p, device, CL_PROGRAM_BUILD_LOG, 0, null, size);
            byte[] buf = new byte[(int) size[0]];
            clGetProgramBuildInfo(p, device, CL_PROGRAM_BUILD_LOG, buf.length, Pointer.to(buf), null);
            return new String(buf, StandardCharsets.UTF_8).trim();
        } catch (RuntimeException e) {
            return "(no build log: " + e.getMessage() + ")";
        }
    }

    void release() {
        for (cl_kernel k : kernels.values()) clReleaseKernel(k);
        for (cl_program p : programs.values()) clReleaseProgram(p);
        kernels.clear();
        programs.clear();
    }
}
