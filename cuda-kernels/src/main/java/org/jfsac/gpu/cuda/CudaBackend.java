package org.jfsac.gpu.cuda;

import static jcuda.driver.JCudaDriver.cuCtxSetCurrent;
import static jcuda.driver.JCudaDriver.cuDeviceGet;
import static jcuda.driver.JCudaDriver.cuDeviceGetAttribute;
import static jcuda.driver.JCudaDriver.cuDevicePrimaryCtxRetain;
import static jcuda.driver.JCudaDriver.cuMemAlloc;
import static jcuda.driver.JCudaDriver.cuMemFree;
import static jcuda.driver.JCudaDriver.cuMemcpyDtoDAsync;
import static jcuda.driver.JCudaDriver.cuMemcpyDtoH;
import static jcuda.driver.JCudaDriver.cuMemcpyHtoD;
import static jcuda.driver.JCudaDriver.cuStreamCreate;
import static jcuda.driver.JCudaDriver.cuStreamSynchronize;

import java.lang.System.Logger.Level;
import jcuda.Pointer;
import jcuda.driver.CUcontext;
import jcuda.driver.CUdevice;
import jcuda.driver.CUdevice_attribute;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUresult;
import jcuda.driver.CUstream;
import org.jfsac.core.backend.Backend;
import org.jfsac.core.backend.BackendException;
import org.jfsac.core.backend.BinaryOp;
import org.jfsac.core.backend.Checks;
import org.jfsac.core.backend.Buffer;
import org.jfsac.core.backend.ReduceOp;
import org.jfsac.core.backend.UnaryOp;
import org.jfsac.core.backend.View;
import org.jfsac.gpu.CachingAllocator;
import org.jfsac.gpu.StridedMetadataCache;

/**
 * The CUDA backend, through JCuda's driver API: the device's primary context, one in-order stream, a
 * caching allocator, our kernels from the packaged PTX, and GEMM by cuBLAS or our own kernels.
 * Public methods are synchronized (one stream, one context to make current on the calling thread).
 */
public final class CudaBackend implements Backend {

    private static final System.Logger LOG = System.getLogger(CudaBackend.class.getName());

    private final String name;
    private final CudaDriver.Device device;
    private final int driverVersion;
    private final CudaOptions options;
    private final CUcontext context;
    private final CUstream stream;
    private final int multiprocessors;
    final KernelLauncher launcher;
    private final CachingAllocator<CUdeviceptr> allocator;
    private final GemmEngine gemm;
    private final String gemmNote;
    private final CudaElementwise elementwise;
    private final CudaRows rows;
    private final CudaAttention attention;
    private final CudaIndexing indexing;
    private final StridedMetadataCache<CudaBuffer> metaCache =
            new StridedMetadataCache<>(m -> uploadInts(m, "strided-view metadata"), CudaBuffer::release);

    /**
     * Opens device {@code index} of {@link CudaProvider#probe()}. Fails with a one-line
     * {@link BackendException} when there is no driver or device or the kernels do not load.
     */
    public static CudaBackend open(int index, CudaOptions options) {
        CudaDriver.Probe probe = CudaDriver.probe();
        if (probe.devices().isEmpty()) throw new BackendException(probe.reason());
        if (index < 0 || index >= probe.devices().size()) {
            throw new BackendException("cuda:" + index + " does not exist: " + probe.devices().size() + " CUDA device(s)");
        }
        try {
            CudaBackend b = new CudaBackend(probe.devices().get(index), probe.driverVersion(), options);
            LOG.log(Level.INFO, b.name + " " + b.describe());
            return b;
        } catch (BackendException e) {
            throw e;
        } catch (Throwable t) {
            throw new BackendException("cuda:" + index + " failed to open: " + CudaDriver.oneLine(t), t);
        }
    }

    private CudaBackend(CudaDriver.Device device, int driverVersion, CudaOptions options) {
        this.name = "cuda:" + device.index();
        this.device = device;
        this.driverVersion = driverVersion;
        this.options = options;
        CUdevice dev = new CUdevice();
        CudaDriver.check(cuDeviceGet(dev, device.index()), "cuDeviceGet", name);
        // The primary context is the one the CUDA runtime (and so cuBLAS) uses on this device.
        context = new CUcontext();
        CudaDriver.check(cuDevicePrimaryCtxRetain(context, dev), "cuDevicePrimaryCtxRetain", name);
        CudaDriver.check(cuCtxSetCurrent(context), "cuCtxSetCurrent", name);
        stream = new CUstream();
        // A blocking stream: the synchronous copies on the legacy default stream are ordered with it.
        CudaDriver.check(cuStreamCreate(stream, 0), "cuStreamCreate", name);
        int[] sms = new int[1];
        CudaDriver.check(cuDeviceGetAttribute(sms, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT, dev),
                "cuDeviceGetAttribute", name);
        multiprocessors = sms[0];
        launcher = new KernelLauncher(name, stream, options.syncLaunch());
        allocator = new CachingAllocator<>(new CachingAllocator.DeviceMemory<>() {
            @Override
            public CUdeviceptr allocate(long bytes) {
                CUdeviceptr p = new CUdeviceptr();
                int rc = cuMemAlloc(p, bytes);
                if (rc == CUresult.CUDA_ERROR_OUT_OF_MEMORY) return null;
                CudaDriver.check(rc, "cuMemAlloc", name + ", " + bytes + " bytes");
                return p;
            }

            @Override
            public void free(CUdeviceptr handle) {
                CudaDriver.check(cuMemFree(handle), "cuMemFree", name);
            }
        }, name);
        // Load every module now, so that PTX the driver rejects fails the open (and auto falls back).
        for (String module : CudaKernels.MODULES) launcher.preload(module);

        GemmEngine engine;
        String note = "";
        switch (options.gemm()) {
            case CUBLAS -> engine = CublasGemm.create(stream, options.tf32(), options.half(), launcher, this);
            case TILED -> engine = new TiledGemm(launcher, multiprocessors, options.half());
            default -> {
                String reason = CublasGemm.unavailableReason();
                if (reason == null) {
                    engine = CublasGemm.create(stream, options.tf32(), options.half(), launcher, this);
                } else {
                    engine = new TiledGemm(launcher, multiprocessors, options.half());
                    note = "; " + reason;
                }
            }
        }
        gemm = engine;
        gemmNote = note;
        elementwise = new CudaElementwise(this, multiprocessors);
        rows = new CudaRows(this);
        attention = new CudaAttention(this);
        indexing = new CudaIndexing(this, multiprocessors);
    }

    @Override
    public String name() { return name; }

    @Override
    public String describe() {
        return String.format("%s (sm_%d%d, %d SMs, %.1f GiB, driver %s), GEMM: %s%s", device.name(), device.ccMajor(),
                device.ccMinor(), multiprocessors, device.totalBytes() / (double) (1L << 30),
                CudaDriver.versionString(driverVersion), gemm.describe(), gemmNote);
    }

    /** The options this backend was opened with. */
    public CudaOptions options() { return options; }

    /** Which GEMM implementation runs, in words. */
    public String gemmProvider() { return gemm.describe(); }

    /** Times the driver was asked for memory since opening: flat once a workload reaches steady state. */
    public long driverAllocations() { return allocator.driverAllocations(); }

    // ---------------------------------------------------------------- memory

    @Override
    public synchronized Buffer allocate(int n) {
        if (n < 0) throw new IllegalArgumentException("allocate: negative size " + n);
        enter();
        return allocateScratch(n);
    }

    /** An internal buffer; the caller holds the lock and the context is current. */
    CudaBuffer allocateScratch(int n) {
        return new CudaBuffer(this, allocator.acquire(4L * Math.max(n, 1)), n);
    }

    void free(CachingAllocator.Block<CUdeviceptr> block) {
        allocator.release(block);
    }

    @Override
    public synchronized void upload(float[] src, int srcOffset, Buffer dst, int dstOffset, int n) {
        CudaBuffer d = buffer(dst, "upload");
        Checks.range(src.length, srcOffset, n, "upload source");
        Checks.range(d.size(), dstOffset, n, "upload destination");
        if (n == 0) return;
        enter();
        CudaDriver.check(cuMemcpyHtoD(d.pointer(dstOffset), Pointer.to(src).withByteOffset(4L * srcOffset), 4L * n),
                "cuMemcpyHtoD", name + " upload of " + n + " floats" + ASYNC_HINT);
    }

    @Override
    public synchronized void download(Buffer src, int srcOffset, float[] dst, int dstOffset, int n) {
        CudaBuffer s = buffer(src, "download");
        Checks.range(s.size(), srcOffset, n, "download source");
        Checks.range(dst.length, dstOffset, n, "download destination");
        if (n == 0) return;
        enter();
        // Legacy-default-stream copy: waits for the work queued on our (blocking) stream, then blocks.
        CudaDriver.check(cuMemcpyDtoH(Pointer.to(dst).withByteOffset(4L * dstOffset), s.pointer(srcOffset), 4L * n),
                "cuMemcpyDtoH", name + " download of " + n + " floats" + ASYNC_HINT);
    }

    /** Uploads host ints into a new scratch buffer (index arrays); the caller holds the lock. */
    CudaBuffer uploadInts(int[] values, String op) {
        CudaBuffer b = allocateScratch(values.length);
        if (values.length > 0) {
            CudaDriver.check(cuMemcpyHtoD(b.pointer(0), Pointer.to(values), 4L * values.length), "cuMemcpyHtoD",
                    name + " " + op + " indices" + ASYNC_HINT);
        }
        return b;
    }

    /** Device copy of a strided kernel's meta array, cached by content; the caller holds the lock. */
    CudaBuffer meta(int[] meta) {
        return metaCache.get(meta);
    }

    /** Device-to-device copy of n floats on the stream; the caller holds the lock. */
    void copyDevice(CudaBuffer src, int srcOffset, CudaBuffer dst, int dstOffset, int n, String op) {
        if (n == 0) return;
        CudaDriver.check(cuMemcpyDtoDAsync(dst.pointer(dstOffset), src.pointer(srcOffset), 4L * n, stream),
                "cuMemcpyDtoDAsync", name + " " + op);
    }

    private static final String ASYNC_HINT =
            "; an earlier kernel may have failed: -Djfsac.cuda.syncLaunch=true reports the first fault where it happens";

    @Override
    public synchronized void synchronize() {
        enter();
        CudaDriver.check(cuStreamSynchronize(stream), "cuStreamSynchronize", name + ASYNC_HINT);
    }

    @Override
    public synchronized void fill(View dst, float value) {
        enter();
        elementwise.fill(dst, value);
    }

    @Override
    public synchronized void copy(View src, View dst) {
        enter();
        elementwise.copy(src, dst);
    }

    // ---------------------------------------------------------------- elementwise

    @Override
    public synchronized void unary(UnaryOp op, float param, View x, Buffer out) {
        enter();
        elementwise.unary(op, param, x, buffer(out, "unary " + op));
    }

    @Override
    public synchronized void binary(BinaryOp op, View a, View b, Buffer out) {
        enter();
        elementwise.binary(op, a, b, buffer(out, "binary " + op));
    }

    @Override
    public synchronized void where(View cond, View a, View b, Buffer out) {
        enter();
        elementwise.where(cond, a, b, buffer(out, "where"));
    }

    // ---------------------------------------------------------------- reductions and rows

    @Override
    public synchronized void reduce(ReduceOp op, Buffer x, int offset, int outer, int n, int inner, Buffer out) {
        enter();
        rows.reduce(op, buffer(x, "reduce"), offset, outer, n, inner, buffer(out, "reduce"));
    }

    @Override
    public synchronized void softmax(Buffer x, Buffer y, int rowCount, int cols, boolean log) {
        enter();
        rows.softmax(buffer(x, "softmax"), buffer(y, "softmax"), rowCount, cols, log);
    }

    @Override
    public synchronized void softmaxBackward(Buffer y, Buffer gy, Buffer gx, int rowCount, int cols, boolean log) {
        enter();
        rows.softmaxBackward(buffer(y, "softmaxBackward"), buffer(gy, "softmaxBackward"), buffer(gx, "softmaxBackward"),
                rowCount, cols, log);
    }

    @Override
    public synchronized void layerNorm(Buffer x, Buffer w, Buffer b, Buffer y, Buffer mean, Buffer rstd,
                                       int rowCount, int cols, float eps) {
        enter();
        rows.layerNorm(buffer(x, "layerNorm"), optional(w, "layerNorm"), optional(b, "layerNorm"), buffer(y, "layerNorm"),
                buffer(mean, "layerNorm"), buffer(rstd, "layerNorm"), rowCount, cols, eps);
    }

    @Override
    public synchronized void layerNormBackward(Buffer x, Buffer w, Buffer mean, Buffer rstd, Buffer gy,
                                               Buffer gx, Buffer gw, Buffer gb, int rowCount, int cols) {
        enter();
        String op = "layerNormBackward";
        rows.layerNormBackward(buffer(x, op), optional(w, op), buffer(mean, op), buffer(rstd, op), buffer(gy, op),
                buffer(gx, op), optional(gw, op), optional(gb, op), rowCount, cols);
    }

    // ---------------------------------------------------------------- matrix products

    @Override
    public synchronized void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                                  Buffer a, int aOff, int lda, int strideA,
                                  Buffer b, int bOff, int ldb, int strideB,
                                  float beta, Buffer c, int cOff, int ldc, int strideC, int batch) {
        GemmArgs g = new GemmArgs(transA, transB, m, n, k, alpha, buffer(a, "gemm A"), aOff, lda, strideA,
                buffer(b, "gemm B"), bOff, ldb, strideB, beta, buffer(c, "gemm C"), cOff, ldc, strideC, batch);
        g.validate();
        if (m == 0 || n == 0 || batch == 0) return;
        enter();
        gemm.run(g);
    }

    // ---------------------------------------------------------------- attention

    @Override
    public synchronized void attention(View q, View k, View v, View out, Buffer lse, Buffer mask, float scale,
                                       boolean causal) {
        enter();
        attention.forward(q, k, v, out, buffer(lse, "attention"), optional(mask, "attention"), scale, causal);
    }

    @Override
    public synchronized void attentionBackward(View q, View k, View v, View out, Buffer lse, View gout, Buffer mask,
                                               float scale, boolean causal, Buffer gq, Buffer gk, Buffer gv) {
        enter();
        String op = "attentionBackward";
        attention.backward(q, k, v, out, buffer(lse, op), gout, optional(mask, op), scale, causal,
                buffer(gq, op), buffer(gk, op), buffer(gv, op));
    }

    // ---------------------------------------------------------------- indexing and optimizer

    @Override
    public synchronized void gatherRows(Buffer table, int[] idx, int cols, Buffer out) {
        enter();
        indexing.gatherRows(buffer(table, "gatherRows"), idx, cols, buffer(out, "gatherRows"));
    }

    @Override
    public synchronized void scatterAddRows(Buffer grad, int[] idx, int cols, Buffer tableGrad) {
        enter();
        indexing.scatterAddRows(buffer(grad, "scatterAddRows"), idx, cols, buffer(tableGrad, "scatterAddRows"));
    }

    @Override
    public synchronized void adamStep(Buffer param, Buffer grad, Buffer m, Buffer v, int n, float lr, float beta1,
                                      float beta2, float eps, float weightDecay, boolean decoupled, int step) {
        enter();
        String op = "adamStep";
        indexing.adamStep(buffer(param, op), buffer(grad, op), buffer(m, op), buffer(v, op), n, lr, beta1, beta2, eps,
                weightDecay, decoupled, step);
    }

    // ---------------------------------------------------------------- helpers

    /** Returns every cached, unused block to the driver (the caller holds the lock, context current). */
    void trimCache() {
        allocator.releaseCached();
    }

    /** Runs internal code (tests, benchmarks) under the lock with the context current. */
    synchronized void withContext(Runnable r) {
        enter();
        r.run();
    }

    /** Makes our context current on the calling thread (cheap; threads may alternate). */
    private void enter() {
        CudaDriver.check(cuCtxSetCurrent(context), "cuCtxSetCurrent", name);
    }

    /** The CudaBuffer behind a Buffer of this backend, or an exception naming the op. */
    CudaBuffer buffer(Buffer b, String op) {
        if (b == null) throw new IllegalArgumentException(op + ": buffer is null");
        if (!(b instanceof CudaBuffer cb) || cb.backend() != this) {
            throw new IllegalArgumentException(op + ": buffer of backend " + b.backend().name() + " passed to " + name);
        }
        if (cb.isReleased()) throw new IllegalStateException(op + ": buffer was released");
        return cb;
    }

    CudaBuffer optional(Buffer b, String op) {
        return b == null ? null : buffer(b, op);
    }

    /** The CudaBuffer of a view, after checking that every element the view reaches lies inside it. */
    CudaBuffer viewBuffer(View v, String op) {
        CudaBuffer b = buffer(v.buffer(), op);
        Checks.view(v, op);
        return b;
    }
}
