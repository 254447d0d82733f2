package org.jfsac.gpu.opencl;

import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_command_queue;
import org.jocl.cl_kernel;
import org.jocl.cl_mem;

import static org.jocl.CL.*;

/** Sets a kernel's arguments in order and enqueues it on a grid of groups x local work-items. */
final class Launch {
    private final cl_command_queue queue;
    private final cl_kernel kernel;
    private int next;

    Launch(cl_command_queue queue, cl_kernel kernel) {
        this.queue = queue;
        this.kernel = kernel;
    }

    Launch arg(int v) {
        clSetKernelArg(kernel, next++, Sizeof.cl_int, Pointer.to(new int[]{v}));
        return this;
    }

    Launch arg(boolean v) { return arg(v ? 1 : 0); }

    Launch arg(float v) {
        clSetKernelArg(kernel, next++, Sizeof.cl_float, Pointer.to(new float[]{v}));
        return this;
    }

    Launch arg(cl_mem m) {
        clSetKernelArg(kernel, next++, Sizeof.cl_mem, Pointer.to(m));
        return this;
    }

    Launch arg(ClBuffer b) { return arg(b.mem()); }

    /** Enqueues with groups[d] * local[d] work-items in dimension d (the CUDA-style grid of the kernel docs). */
    void run(long[] groups, long[] local) {
        long[] global = new long[groups.length];
        for (int d = 0; d < groups.length; d++) global[d] = groups[d] * local[d];
        clEnqueueNDRangeKernel(queue, kernel, groups.length, null, global, local, 0, null, null);
    }

    void run1(long groups, long local) { run(new long[]{groups}, new long[]{local}); }

    /**
     * One work-item per element of n: groups of maxLocal items, or of the power of two >= n (at least 16)
     * when n is smaller. Powers of two bound the number of local sizes, and CPU implementations compile
     * a kernel once per local size.
     */
    void runFlat(int n, int maxLocal) {
        int local = Math.min(maxLocal, Math.max(16, Integer.highestOneBit(Math.max(1, n - 1)) << 1));
        run1((n + local - 1) / local, local);
    }
}
