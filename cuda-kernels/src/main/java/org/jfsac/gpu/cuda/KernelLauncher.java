package org.jfsac.gpu.cuda;

import static jcuda.driver.JCudaDriver.cuLaunchKernel;
import static jcuda.driver.JCudaDriver.cuModuleGetFunction;
import static jcuda.driver.JCudaDriver.cuModuleLoadData;
import static jcuda.driver.JCudaDriver.cuStreamSynchronize;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import jcuda.NativePointerObject;
import jcuda.Pointer;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUfunction;
import jcuda.driver.CUmodule;
import jcuda.driver.CUresult;
import jcuda.driver.CUstream;
import org.jfsac.core.backend.BackendException;

/**
 * Loads kernels from the PTX packaged in the jar ({@code cuModuleLoadData}, one module per source file,
 * on first use) and launches them on the backend's stream. Every driver call is checked; a failed
 * launch names the kernel, the op, the launch shape and every argument (buffers with their sizes).
 * Callers hold the backend's lock, so the caches need no synchronisation of their own.
 */
final class KernelLauncher {

    static final String PTX_RESOURCE_DIR = "/org/jfsac/gpu/cuda/ptx/";

    /** Grid and block dimensions and dynamic shared memory of one launch. */
    record Shape(int gx, int gy, int gz, int bx, int by, int bz, int sharedBytes) {
        /** One thread per element of n, in blocks of {@code block} threads. */
        static Shape linear(long n, int block) {
            long blocks = Math.max(1, (n + block - 1) / block);
            if (blocks > Integer.MAX_VALUE) throw new BackendException("launch of " + n + " threads is too large");
            return new Shape((int) blocks, 1, 1, block, 1, 1, 0);
        }

        @Override
        public String toString() {
            return "grid (" + gx + "," + gy + "," + gz + ") block (" + bx + "," + by + "," + bz + ")"
                    + (sharedBytes == 0 ? "" : " shared " + sharedBytes + " B");
        }
    }

    private final String device;
    private final CUstream stream;
    private final boolean syncEachLaunch;
    private final Map<String, CUmodule> modules = new HashMap<>();
    private final Map<String, CUfunction> functions = new HashMap<>();

    KernelLauncher(String device, CUstream stream, boolean syncEachLaunch) {
        this.device = device;
        this.stream = stream;
        this.syncEachLaunch = syncEachLaunch;
    }

    /** Launches {@code kernel}; {@code op} says which backend op (and shapes) it serves, for messages. */
    void launch(Kernel kernel, Shape shape, String op, Object... args) {
        if (args.length != kernel.params().size()) {
            throw new IllegalStateException("kernel " + kernel.name() + " takes " + kernel.params().size()
                    + " arguments, given " + args.length + ": " + describe(kernel, args));
        }
        NativePointerObject[] params = new NativePointerObject[args.length];
        for (int i = 0; i < args.length; i++) params[i] = marshal(kernel, i, args[i], args);
        int rc = cuLaunchKernel(function(kernel), shape.gx, shape.gy, shape.gz, shape.bx, shape.by, shape.bz,
                shape.sharedBytes, stream, Pointer.to(params), null);
        if (rc != CUresult.CUDA_SUCCESS) throw failure("launch of", kernel, shape, op, args, rc);
        if (syncEachLaunch) {
            rc = cuStreamSynchronize(stream);
            if (rc != CUresult.CUDA_SUCCESS) throw failure("execution of", kernel, shape, op, args, rc);
        }
    }

    private BackendException failure(String what, Kernel kernel, Shape shape, String op, Object[] args, int rc) {
        return new BackendException(device + ": " + what + " kernel " + describe(kernel, args) + " " + shape
                + " for " + op + " failed: " + CUresult.stringFor(rc));
    }

    private static Pointer marshal(Kernel kernel, int i, Object arg, Object[] all) {
        Kernel.Param p = kernel.params().get(i);
        switch (p) {
            case PTR:
                if (arg == null) return Pointer.to(new CUdeviceptr());
                if (arg instanceof CudaBuffer.Slice s) return Pointer.to(s.pointer());
                if (arg instanceof CudaBuffer b) return Pointer.to(b.pointer(0));
                break;
            case INT:
                if (arg instanceof Integer v) return Pointer.to(new int[] {v});
                break;
            case LONG:
                if (arg instanceof Long v) return Pointer.to(new long[] {v});
                break;
            case FLOAT:
                if (arg instanceof Float v) return Pointer.to(new float[] {v});
                break;
            default:
                break;
        }
        throw new IllegalStateException("argument " + i + " of kernel " + kernel.name() + " must be " + p
                + ", given " + (arg == null ? "null" : arg.getClass().getSimpleName()) + ": "
                + describe(kernel, all));
    }

    static String describe(Kernel kernel, Object[] args) {
        StringBuilder sb = new StringBuilder(kernel.name()).append('(');
        for (int i = 0; i < args.length; i++) {
            if (i > 0) sb.append(", ");
            Object a = args[i];
            sb.append(a == null ? "null" : a instanceof Float f ? f + "f" : a.toString());
        }
        return sb.append(')').toString();
    }

    /** Loads a module now, so that a driver that rejects our PTX fails early and in one place. */
    void preload(String module) {
        module(module);
    }

    private CUfunction function(Kernel kernel) {
        String key = kernel.module() + ":" + kernel.name(); // variants of a module share kernel names
        CUfunction f = functions.get(key);
        if (f == null) {
            f = new CUfunction();
            int rc = cuModuleGetFunction(f, module(kernel.module()), kernel.name());
            if (rc != CUresult.CUDA_SUCCESS) {
                throw new BackendException(device + ": kernel " + kernel.name() + " not found in PTX module "
                        + kernel.module() + ".ptx: " + CUresult.stringFor(rc));
            }
            functions.put(key, f);
        }
        return f;
    }

    private CUmodule module(String name) {
        CUmodule m = modules.get(name);
        if (m == null) {
            byte[] ptx = readPtx(name);
            m = new CUmodule();
            int rc = cuModuleLoadData(m, ptx);
            if (rc != CUresult.CUDA_SUCCESS) {
                throw new BackendException(device + ": cuModuleLoadData of " + name + ".ptx failed: "
                        + CUresult.stringFor(rc) + (rc == CUresult.CUDA_ERROR_UNSUPPORTED_PTX_VERSION
                        ? " (the driver is older than the PTX ISA; rebuild with build-ptx.sh)" : ""));
            }
            modules.put(name, m);
        }
        return m;
    }

    /** The PTX text of a module, NUL-terminated as cuModuleLoadData expects. */
    static byte[] readPtx(String module) {
        String path = PTX_RESOURCE_DIR + module + ".ptx";
        try (InputStream in = KernelLauncher.class.getResourceAsStream(path)) {
            if (in == null) throw new BackendException("PTX resource " + path + " is missing from the classpath");
            byte[] text = in.readAllBytes();
            return Arrays.copyOf(text, text.length + 1);
        } catch (IOException e) {
            throw new BackendException("cannot read PTX resource " + path + ": " + e.getMessage(), e);
        }
    }
}
