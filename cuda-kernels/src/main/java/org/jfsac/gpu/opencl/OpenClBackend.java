package org.jfsac.gpu.opencl;

import org.jfsac.core.backend.Backend;
import org.jfsac.core.backend.BackendException;
import org.jfsac.core.backend.BinaryOp;
import org.jfsac.core.backend.Buffer;
import org.jfsac.core.backend.Checks;
import org.jfsac.core.backend.ReduceOp;
import org.jfsac.core.backend.UnaryOp;
import org.jfsac.core.backend.View;
import org.jfsac.gpu.CachingAllocator;
import org.jfsac.gpu.KernelConstants;
import org.jfsac.gpu.StridedMetadataCache;
import org.jocl.CL;
import org.jocl.CLException;
import org.jocl.Pointer;
import org.jocl.cl_command_queue;
import org.jocl.cl_context;
import org.jocl.cl_device_id;
import org.jocl.cl_mem;

import java.nio.ByteBuffer;
import java.util.function.Supplier;

import static org.jocl.CL.*;

/**
 * The {@link Backend} contract on one OpenCL device through JOCL (the counterpart of CudaBackend): one context,
 * one in-order queue, kernels from {@code src/main/kernels} built once, the shared {@link CachingAllocator},
 * asynchronous uploads through staging buffers. The host waits only in {@link #download} and
 * {@link #synchronize}. The ops are in one class per kernel family ({@link ClElementwise}, {@link ClRows},
 * {@link ClAttention}, {@link ClIndexing}); GEMM runs on CLBlast ({@link ClBlastGemm}) when org.jocl:jocl-blast
 * loads, else on our tiled kernel ({@link ClTiledGemm}), see {@link OpenClOptions}. All public methods serialise on this object
 * (kernel argument state is shared).
 */
public final class OpenClBackend implements Backend {
    private final ClDevice dev;
    private final int index;
    private final cl_context context;
    private final cl_command_queue queue;
    private final CachingAllocator<cl_mem> pool;
    private final StridedMetadataCache<cl_mem> metaCache;
    private final Staging staging = new Staging();
    private final ClPrograms programs;
    private final boolean cpu;
    private final int rowWg;
    private final int flatLocal;
    private final int units;
    private final long maxWorkGroup;
    private final ClBuffer dummy;
    private final ClBlastGemm blast;
    private final String gemmName;
    private final ClElementwise elementwise = new ClElementwise(this);
    private final ClRows rows = new ClRows(this);
    private final ClAttention attention = new ClAttention(this);
    private final ClIndexing indexing = new ClIndexing(this);

    OpenClBackend(ClDevice dev, int index, OpenClOptions options) {
        this.dev = dev;
        this.index = index;
        try {
            setExceptionsEnabled(true);
            cl_device_id d = dev.device();
            context = clCreateContext(null, 1, new cl_device_id[]{d}, null, null, null);
            queue = createQueue(context, d);
            maxWorkGroup = ClDevice.deviceSizeT(d, CL_DEVICE_MAX_WORK_GROUP_SIZE);
            units = Math.max(1, ClDevice.deviceInt(d, CL_DEVICE_MAX_COMPUTE_UNITS));
            // CPU implementations (PoCL) run a work-group as a loop over its items and pay for every barrier region:
            // they get one item per element in big groups, per-op programs, the CPU forms of FOR_EACH_ITEM and
            // STRIDE_SYNC (-DJF_CPU_DEVICE, see portability.h) and row kernels with one item per row (ROW_WG=1:
            // plain loops, no tree; measured best of 1, 4, 16, 64). GPUs get one ROW_WG-item group per row.
            cpu = switch (options.launch()) {
                case CPU -> true;
                case GPU -> false;
                case AUTO -> !dev.isGpu() && !dev.isAccelerator();
            };
            rowWg = (int) Math.min(cpu ? 1 : KernelConstants.ROW_WG, Long.highestOneBit(maxWorkGroup));
            flatLocal = (int) Math.min(cpu ? 4096 : KernelConstants.FLAT_WG, maxWorkGroup);
            programs = new ClPrograms(context, d, "-DROW_WG=" + rowWg + (cpu ? " -DJF_CPU_DEVICE" : ""));
            pool = new CachingAllocator<>(new CachingAllocator.DeviceMemory<>() {
                @Override public cl_mem allocate(long bytes) {
                    try {
                        return clCreateBuffer(context, CL_MEM_READ_WRITE, bytes, null, null);
                    } catch (CLException e) {
                        if (e.getStatus() == CL_MEM_OBJECT_ALLOCATION_FAILURE || e.getStatus() == CL_OUT_OF_RESOURCES
                                || e.getStatus() == CL_OUT_OF_HOST_MEMORY) return null; // the allocator frees its cache and retries
                        throw e;
                    }
                }

                @Override public void free(cl_mem m) { clReleaseMemObject(m); } // deferred until queued users finish
            }, name());
            // COPY_HOST_PTR copies at creation, outside the queue: no wait and no staging.
            metaCache = new StridedMetadataCache<>(
                    m -> clCreateBuffer(context, CL_MEM_READ_ONLY | CL_MEM_COPY_HOST_PTR, 4L * m.length, Pointer.to(m), null),
                    CL::clReleaseMemObject);
            dummy = scratch(1);
            blast = switch (options.gemm()) {
                case KERNEL -> null;
                case AUTO -> ClBlastGemm.get();
                case CLBLAST -> {
                    ClBlastGemm g = ClBlastGemm.get();
                    if (g == null) throw new BackendException("GEMM provider clblast unavailable: " + ClBlastGemm.unavailableReason());
                    yield g;
                }
            };
            gemmName = blast != null ? "CLBlast (jocl-blast)" : "jfsac gemm_tiled kernel"
                    + (options.gemm() == OpenClOptions.GemmChoice.AUTO ? " (CLBlast: " + ClBlastGemm.unavailableReason() + ")" : "");
        } catch (CLException e) {
            throw new BackendException("cannot open OpenCL device " + dev.name() + ": " + e.getMessage(), e);
        }
    }

    @SuppressWarnings("deprecation")
    private static cl_command_queue createQueue(cl_context ctx, cl_device_id d) {
        try {
            return clCreateCommandQueueWithProperties(ctx, d, null, null);
        } catch (CLException | UnsupportedOperationException e) { // OpenCL 1.x platform
            return clCreateCommandQueue(ctx, d, 0, null);
        }
    }

    @Override public String name() { return "opencl:" + index; }

    @Override public String describe() {
        return "OpenCL " + dev.typeName() + " " + dev.name() + " (" + dev.platformName() + "), " + (cpu ? "CPU" : "GPU")
                + "-style launches, GEMM: " + gemmName;
    }

    /** True when GEMM runs on CLBlast. */
    boolean gemmIsClBlast() { return blast != null; }

    /** The pool (tests check that steady-state loops stop allocating). */
    CachingAllocator<cl_mem> pool() { return pool; }

    // ---------------------------------------------------------------- memory

    @Override public Buffer allocate(int n) {
        if (n < 0) throw new IllegalArgumentException("allocate: negative size " + n);
        synchronized (this) {
            return guarded(() -> "allocate(" + n + ")", () -> scratch(n));
        }
    }

    @Override public synchronized void upload(float[] src, int srcOffset, Buffer dst, int dstOffset, int n) {
        Checks.range(src.length, srcOffset, n, "upload source");
        ClBuffer d = buf(dst, "upload destination");
        Checks.range(d.size(), dstOffset, n, "upload destination");
        if (n == 0) return;
        guard(() -> "upload of " + n + " floats", () -> {
            ByteBuffer staged = stage(4 * n);
            staged.asFloatBuffer().put(src, srcOffset, n);
            clEnqueueWriteBuffer(queue, d.mem(), CL_FALSE, 4L * dstOffset, 4L * n, Pointer.to(staged), 0, null, null);
        });
    }

    @Override public synchronized void download(Buffer src, int srcOffset, float[] dst, int dstOffset, int n) {
        ClBuffer s = buf(src, "download source");
        Checks.range(s.size(), srcOffset, n, "download source");
        Checks.range(dst.length, dstOffset, n, "download destination");
        if (n == 0) return;
        guard(() -> "download of " + n + " floats", () -> {
            clEnqueueReadBuffer(queue, s.mem(), CL_TRUE, 4L * srcOffset, 4L * n, Pointer.to(dst).withByteOffset(4L * dstOffset),
                    0, null, null);
            staging.drained(); // a blocking read on an in-order queue completes after everything before it
        });
    }

    @Override public synchronized void synchronize() {
        guard(() -> "synchronize", this::finish);
    }

    private void finish() {
        clFinish(queue);
        staging.drained();
    }

    private ByteBuffer stage(int bytes) {
        if (staging.overBudget()) finish();
        return staging.acquire(bytes);
    }

    // ---------------------------------------------------------------- elementwise

    @Override public synchronized void fill(View dst, float value) { elementwise.fill(dst, value); }

    @Override public synchronized void copy(View src, View dst) { elementwise.copy(src, dst); }

    @Override public synchronized void unary(UnaryOp op, float param, View x, Buffer out) {
        elementwise.unary(op, param, x, buf(out, "unary output"));
    }

    @Override public synchronized void binary(BinaryOp op, View a, View b, Buffer out) {
        elementwise.binary(op, a, b, buf(out, "binary output"));
    }

    @Override public synchronized void where(View cond, View a, View b, Buffer out) {
        elementwise.where(cond, a, b, buf(out, "where output"));
    }

    // ---------------------------------------------------------------- reductions and rows

    @Override public synchronized void reduce(ReduceOp op, Buffer x, int offset, int outer, int n, int inner, Buffer out) {
        rows.reduce(op, buf(x, "reduce input"), offset, outer, n, inner, buf(out, "reduce output"));
    }

    @Override public synchronized void softmax(Buffer x, Buffer y, int rowCount, int cols, boolean log) {
        rows.softmax(x, y, rowCount, cols, log);
    }

    @Override public synchronized void softmaxBackward(Buffer y, Buffer gy, Buffer gx, int rowCount, int cols, boolean log) {
        rows.softmaxBackward(y, gy, gx, rowCount, cols, log);
    }

    @Override public synchronized void layerNorm(Buffer x, Buffer w, Buffer b, Buffer y, Buffer mean, Buffer rstd,
                                                 int rowCount, int cols, float eps) {
        rows.layerNorm(x, w, b, y, mean, rstd, rowCount, cols, eps);
    }

    @Override public synchronized void layerNormBackward(Buffer x, Buffer w, Buffer mean, Buffer rstd, Buffer gy,
                                                         Buffer gx, Buffer gw, Buffer gb, int rowCount, int cols) {
        rows.layerNormBackward(x, w, mean, rstd, gy, gx, gw, gb, rowCount, cols);
    }

    // ---------------------------------------------------------------- matrix products

    @Override public synchronized void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                                            Buffer a, int aOff, int lda, int strideA,
                                            Buffer b, int bOff, int ldb, int strideB,
                                            float beta, Buffer c, int cOff, int ldc, int strideC, int batch) {
        Supplier<String> what = () -> "gemm " + (transA ? "T" : "N") + (transB ? "T" : "N") + " m=" + m + " n=" + n + " k=" + k
                + " batch=" + batch + " lda=" + lda + " ldb=" + ldb + " ldc=" + ldc;
        ClBuffer ab = buf(a, "gemm A"), bb = buf(b, "gemm B"), cb = buf(c, "gemm C");
        Checks.gemm(transA, transB, m, n, k, a, aOff, lda, strideA, b, bOff, ldb, strideB, c, cOff, ldc, strideC, batch);
        if (m == 0 || n == 0 || batch == 0) return;
        guard(what, () -> {
            if (blast != null && ClBlastGemm.accepts(m, n, k, ldc, strideC, batch)) {
                String err = blast.sgemm(transA, transB, m, n, k, alpha, ab.mem(), aOff, lda, strideA, bb.mem(), bOff, ldb, strideB,
                        beta, cb.mem(), cOff, ldc, strideC, batch, queue);
                if (err != null) throw new BackendException(name() + ": " + what.get() + ": CLBlast failed with status " + err);
                return;
            }
            ClTiledGemm.run(this, what.get(), transA, transB, m, n, k, alpha, ab, aOff, lda, strideA, bb, bOff, ldb, strideB,
                    beta, cb, cOff, ldc, strideC, batch);
        });
    }

    // ---------------------------------------------------------------- attention

    @Override public synchronized void attention(View q, View k, View v, View out, Buffer lse, Buffer mask, float scale, boolean causal) {
        attention.forward(q, k, v, out, lse, mask, scale, causal);
    }

    @Override public synchronized void attentionBackward(View q, View k, View v, View out, Buffer lse, View gout, Buffer mask,
                                                         float scale, boolean causal, Buffer gq, Buffer gk, Buffer gv) {
        attention.backward(q, k, v, out, lse, gout, mask, scale, causal, gq, gk, gv);
    }

    // ---------------------------------------------------------------- indexing and optimizer

    @Override public synchronized void gatherRows(Buffer table, int[] idx, int cols, Buffer out) {
        indexing.gatherRows(buf(table, "gatherRows table"), idx, cols, out);
    }

    @Override public synchronized void scatterAddRows(Buffer grad, int[] idx, int cols, Buffer tableGrad) {
        indexing.scatterAddRows(grad, idx, cols, buf(tableGrad, "scatterAddRows table"));
    }

    @Override public synchronized void adamStep(Buffer param, Buffer grad, Buffer m, Buffer v, int n, float lr, float beta1,
                                                float beta2, float eps, float weightDecay, boolean decoupled, int step) {
        indexing.adamStep(param, grad, m, v, n, lr, beta1, beta2, eps, weightDecay, decoupled, step);
    }

    // ---------------------------------------------------------------- for the op families (the caller holds the lock)

    cl_command_queue queue() { return queue; }

    ClPrograms programs() { return programs; }

    /** True for the CPU forms and launch geometry (see the constructor). */
    boolean cpuForms() { return cpu; }

    int rowWg() { return rowWg; }

    int flatLocal() { return flatLocal; }

    int units() { return units; }

    long maxWorkGroup() { return maxWorkGroup; }

    /** A one-element buffer passed where an optional operand is absent. */
    ClBuffer dummy() { return dummy; }

    /** Kernel {@code name} of {@code file} built with the extra compile options. */
    Launch kernel(String file, String options, String name) { return new Launch(queue, programs.kernel(file, options, name)); }

    Launch kernel(String file, String name) { return kernel(file, "", name); }

    /** A new pooled buffer of n floats (or ints). */
    ClBuffer scratch(int n) { return new ClBuffer(this, pool.acquire(4L * Math.max(1, n)), n); }

    /** Uploads host ints into a fresh pooled buffer (release it after enqueueing its users). */
    ClBuffer uploadInts(int[] src) {
        ClBuffer b = scratch(src.length);
        if (src.length > 0) {
            ByteBuffer staged = stage(4 * src.length);
            staged.asIntBuffer().put(src);
            clEnqueueWriteBuffer(queue, b.mem(), CL_FALSE, 0, 4L * src.length, Pointer.to(staged), 0, null, null);
        }
        return b;
    }

    /** The device copy of a strided kernel's metadata array (cached by content). */
    cl_mem meta(int[] values) { return metaCache.get(values); }

    ClBuffer buf(Buffer b, String what) {
        if (b == null) throw new IllegalArgumentException(what + " is null");
        if (!(b instanceof ClBuffer cb) || cb.backend() != this)
            throw new IllegalArgumentException(what + " belongs to backend " + b.backend().name() + ", not " + name());
        return cb;
    }

    cl_mem mem(View v) { return buf(v.buffer(), "view").mem(); }

    /** A contiguous [rows, cols] operand: the buffer must hold rows*cols elements. */
    ClBuffer rowsBuffer(Buffer b, int rows, int cols, String what) {
        ClBuffer cb = buf(b, what);
        Checks.rows(cb, rows, cols, what);
        return cb;
    }

    static int ceilDiv(int a, int b) { return (a + b - 1) / b; }

    /** Runs device calls, turning OpenCL errors into BackendExceptions that name the op. */
    void guard(Supplier<String> what, Runnable body) {
        guarded(what, () -> {
            body.run();
            return null;
        });
    }

    private <T> T guarded(Supplier<String> what, Supplier<T> body) {
        try {
            return body.get();
        } catch (CLException e) {
            throw new BackendException(name() + ": " + what.get() + " failed: " + e.getMessage(), e);
        }
    }

    /** Returns a buffer's block to the pool (ClBuffer.release). */
    void free(CachingAllocator.Block<cl_mem> block) { pool.release(block); }
}
