package org.jfsac.gpu.opencl;

import org.jfsac.core.backend.Backend;
import org.jfsac.core.backend.BackendException;
import org.jfsac.core.backend.BinaryOp;
import org.jfsac.core.backend.Checks;
import org.jfsac.core.backend.Buffer;
import org.jfsac.core.backend.ReduceOp;
import org.jfsac.core.backend.UnaryOp;
import org.jfsac.core.backend.View;
import org.jfsac.gpu.KernelSources;
import org.jfsac.gpu.RowSegments;
import org.jfsac.gpu.StridedLayout;
import org.jocl.CLException;
import org.jocl.Pointer;
import org.jocl.cl_command_queue;
import org.jocl.cl_context;
import org.jocl.cl_device_id;
import org.jocl.cl_kernel;
import org.jocl.cl_mem;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

import static org.jocl.CL.*;

/**
 * The {@link Backend} contract on one OpenCL device through JOCL: one context, one in-order queue,
 * kernels from {@code src/main/kernels} built once, pooled device memory, asynchronous uploads through
 * staging buffers. The host waits only in {@link #download} and {@link #synchronize}. GEMM runs on
 * CLBlast when org.jocl:jocl-blast is on the class path, else on our tiled kernel ({@code gemm_tiled});
 * see {@link #useGemm}. All public methods serialise on this object (kernel argument state is shared).
 */
public final class OpenClBackend implements Backend {
    private static final String EW = "elementwise.cu";
    private static final int FLAT_WG = KernelSources.intDefine("portability.h", "FLAT_WG");
    private static final int GEMM_TS = KernelSources.intDefine("gemm.cu", "GEMM_TS");
    private static final int GEMM_RT = KernelSources.intDefine("gemm.cu", "GEMM_RT");
    private static final int TILE_R = KernelSources.intDefine("elementwise.cu", "TILE_R");
    private static final int TILE_C = KernelSources.intDefine("elementwise.cu", "TILE_C");
    /** Tiles per work-group of a strided launch on CPU devices (each tile is up to TILE_R x TILE_C elements). */
    private static final int TILES_PER_GROUP = 64;
    private static final int CPU_COLS = KernelSources.intDefine("reduce.cu", "CPU_COLS");
    /** Work-items (rows) per group of the CPU forms of gather_rows and scatter_add_rows. */
    private static final int GATHER_ROWS_PER_GROUP = 16;
    private static final int ATT_BQ = KernelSources.intDefine("attention.cu", "ATT_BQ");
    private static final int ATT_BK = KernelSources.intDefine("attention.cu", "ATT_BK");
    private static final int ATT_MAX_HEAD = 128;
    /** Rows per chunk of the layer-norm weight/bias gradient partial sums (64 measured faster than all rows on PoCL). */
    private static final int LN_ROWS_PER_CHUNK = 64;
    private static final int META_CACHE_ENTRIES = 1024;

    private final ClDevice dev;
    private final int index;
    private final cl_context context;
    private final cl_command_queue queue;
    private final BufferPool pool;
    private final Staging staging = new Staging();
    private final ClPrograms programs;
    private final boolean cpu;
    private final int rowWg;
    private final int flatLocal;
    private final int units;
    private final long maxWorkGroup;
    private final ClBuffer dummy;
    private ClBlastGemm blast;
    private String gemmName;
    private final Map<MetaKey, cl_mem> metaCache = new LinkedHashMap<>(64, 0.75f, true);

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
            // plain loops, no tree; measured best of 1, 4, 16, 64). GPUs get one 256-item group per row.
            cpu = switch (options.launch()) {
                case CPU -> true;
                case GPU -> false;
                case AUTO -> !dev.isGpu() && !dev.isAccelerator();
            };
            rowWg = (int) Math.min(cpu ? 1 : 256, Long.highestOneBit(maxWorkGroup));
            flatLocal = (int) Math.min(cpu ? 4096 : FLAT_WG, maxWorkGroup);
            programs = new ClPrograms(context, d, "-DROW_WG=" + rowWg + (cpu ? " -DJF_CPU_DEVICE" : ""));
            pool = new BufferPool(context);
            dummy = (ClBuffer) allocate(1);
            useGemm(options.gemm());
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

    /** GEMM provider: CLBlast (through org.jocl:jocl-blast; must be loadable when asked for), our gemm_tiled, or auto. */
    private void useGemm(OpenClOptions.GemmChoice which) {
        switch (which) {
            case KERNEL -> blast = null;
            case CLBLAST -> {
                blast = ClBlastGemm.get();
                if (blast == null) throw new BackendException("GEMM provider clblast unavailable: " + ClBlastGemm.unavailableReason());
            }
            case AUTO -> blast = ClBlastGemm.get();
        }
        gemmName = blast != null ? "CLBlast (jocl-blast)" : "jfsac gemm_tiled kernel"
                + (which == OpenClOptions.GemmChoice.AUTO ? " (CLBlast: " + ClBlastGemm.unavailableReason() + ")" : "");
    }

    /** True when GEMM runs on CLBlast. */
    synchronized boolean gemmIsClBlast() {
        return blast != null;
    }

    /** The pool (tests check that steady-state loops stop allocating). */
    BufferPool pool() { return pool; }

    // ---------------------------------------------------------------- memory

    @Override public Buffer allocate(int n) {
        if (n < 0) throw new IllegalArgumentException("allocate: negative size " + n);
        synchronized (this) {
            return guard(() -> "allocate(" + n + ")", () -> new ClBuffer(this, pool.get(4L * Math.max(1, n)), n));
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
            return null;
        });
    }

    /** Uploads host ints into a fresh pooled buffer (release it after enqueueing its users). */
    private ClBuffer uploadInts(int[] src) {
        ClBuffer b = new ClBuffer(this, pool.get(4L * Math.max(1, src.length)), src.length);
        if (src.length > 0) {
            ByteBuffer staged = stage(4 * src.length);
            staged.asIntBuffer().put(src);
            clEnqueueWriteBuffer(queue, b.mem(), CL_FALSE, 0, 4L * src.length, Pointer.to(staged), 0, null, null);
        }
        return b;
    }

    private ByteBuffer stage(int bytes) {
        if (staging.overBudget()) finish();
        return staging.acquire(bytes);
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
            return null;
        });
    }

    @Override public synchronized void synchronize() {
        guard(() -> "synchronize", () -> {
            finish();
            return null;
        });
    }

    private void finish() {
        clFinish(queue);
        staging.drained();
    }

    @Override public synchronized void fill(View dst, float value) {
        Checks.view(dst, "fill destination");
        if (dst.numel() == 0) return;
        StridedLayout l = StridedLayout.of(dst.shape(), dst.strides());
        guard(() -> "fill " + dst, () -> {
            if (l.isContiguous(0)) {
                flat("fill_contig").arg(dst.numel()).arg(value).arg(mem(dst)).arg(dst.offset()).runFlat(dst.numel(), flatLocal);
            } else {
                runStrided(flat("fill_strided").arg(dst.numel()).arg(meta(l.meta(0, 1))).arg(value).arg(mem(dst)).arg(dst.offset()), l);
            }
            return null;
        });
    }

    @Override public synchronized void copy(View src, View dst) {
        Checks.sameShape("copy", src, dst);
        Checks.view(src, "copy source");
        Checks.view(dst, "copy destination");
        int n = dst.numel();
        if (n == 0) return;
        StridedLayout l = StridedLayout.of(dst.shape(), src.strides(), dst.strides());
        guard(() -> "copy " + src + " -> " + dst, () -> {
            if (l.allContiguous()) {
                clEnqueueCopyBuffer(queue, mem(src), mem(dst), 4L * src.offset(), 4L * dst.offset(), 4L * n, 0, null, null);
            } else {
                runStrided(flat("copy_strided").arg(n).arg(meta(l.meta(0, 2))).arg(mem(src)).arg(src.offset()).arg(mem(dst))
                        .arg(dst.offset()), l);
            }
            return null;
        });
    }

    // ---------------------------------------------------------------- elementwise

    @Override public synchronized void unary(UnaryOp op, float param, View x, Buffer out) {
        Checks.view(x, "unary input");
        int n = x.numel();
        ClBuffer o = buf(out, "unary output");
        Checks.range(o.size(), 0, n, "unary output");
        if (n == 0) return;
        StridedLayout l = StridedLayout.of(x.shape(), x.strides());
        guard(() -> "unary " + op + " " + x, () -> {
            if (l.isContiguous(0)) {
                opKernel("unary_contig", op.ordinal()).arg(op.ordinal()).arg(param).arg(n).arg(mem(x)).arg(x.offset()).arg(o).arg(0)
                        .runFlat(n, flatLocal);
            } else {
                runStrided(opKernel("unary_strided", op.ordinal()).arg(op.ordinal()).arg(param).arg(n).arg(meta(l.meta(0, 1)))
                        .arg(mem(x)).arg(x.offset()).arg(o).arg(0), l);
            }
            return null;
        });
    }

    @Override public synchronized void binary(BinaryOp op, View a, View b, Buffer out) {
        Checks.sameShape("binary " + op, a, b);
        Checks.view(a, "binary input a");
        Checks.view(b, "binary input b");
        int n = a.numel();
        ClBuffer o = buf(out, "binary output");
        Checks.range(o.size(), 0, n, "binary output");
        if (n == 0) return;
        StridedLayout l = StridedLayout.of(a.shape(), a.strides(), b.strides());
        guard(() -> "binary " + op + " " + a + ", " + b, () -> {
            if (l.allContiguous()) {
                opKernel("binary_contig", op.ordinal()).arg(op.ordinal()).arg(n).arg(mem(a)).arg(a.offset()).arg(mem(b)).arg(b.offset())
                        .arg(o).arg(0).runFlat(n, flatLocal);
            } else {
                runStrided(opKernel("binary_strided", op.ordinal()).arg(op.ordinal()).arg(n).arg(meta(l.meta(0, 2))).arg(mem(a))
                        .arg(a.offset()).arg(mem(b)).arg(b.offset()).arg(o).arg(0), l);
            }
            return null;
        });
    }

    @Override public synchronized void where(View cond, View a, View b, Buffer out) {
        Checks.sameShape("where", cond, a);
        Checks.sameShape("where", a, b);
        Checks.view(cond, "where condition");
        Checks.view(a, "where input a");
        Checks.view(b, "where input b");
        int n = a.numel();
        ClBuffer o = buf(out, "where output");
        Checks.range(o.size(), 0, n, "where output");
        if (n == 0) return;
        StridedLayout l = StridedLayout.of(a.shape(), cond.strides(), a.strides(), b.strides());
        guard(() -> "where " + cond + ", " + a + ", " + b, () -> {
            runStrided(flat("where_strided").arg(n).arg(meta(l.meta(0, 3))).arg(mem(cond)).arg(cond.offset()).arg(mem(a))
                    .arg(a.offset()).arg(mem(b)).arg(b.offset()).arg(o).arg(0), l);
            return null;
        });
    }

    // ---------------------------------------------------------------- reductions and rows

    @Override public synchronized void reduce(ReduceOp op, Buffer x, int offset, int outer, int n, int inner, Buffer out) {
        Supplier<String> what = () -> "reduce " + op + " [" + outer + ", " + n + ", " + inner + "] @" + offset;
        ClBuffer xb = buf(x, "reduce input"), ob = buf(out, "reduce output");
        Checks.reduce(op, x, offset, outer, n, inner, out);
        if (outer * inner == 0) return;
        if (n == 0) {
            fill(View.contiguous(out, outer * inner), 0f);
            return;
        }
        guard(what, () -> {
            if (inner == 1) {
                kernel("reduce.cu", "reduce_rows").arg(op.ordinal()).arg(n).arg(xb).arg(offset).arg(ob).arg(0).run1(outer, rowWg);
            } else {
                reduceCols(op, outer, n, inner, xb, offset, ob);
            }
            return null;
        });
    }

    @Override public synchronized void softmax(Buffer x, Buffer y, int rows, int cols, boolean log) {
        ClBuffer xb = rowsBuffer(x, rows, cols, "softmax input"), yb = rowsBuffer(y, rows, cols, "softmax output");
        if (rows * cols == 0) return;
        guard(() -> "softmax [" + rows + ", " + cols + "]", () -> {
            kernel("softmax.cu", "softmax_forward").arg(cols).arg(log).arg(xb).arg(yb).run1(rows, rowWg);
            return null;
        });
    }

    @Override public synchronized void softmaxBackward(Buffer y, Buffer gy, Buffer gx, int rows, int cols, boolean log) {
        ClBuffer yb = rowsBuffer(y, rows, cols, "softmax output"), gyb = rowsBuffer(gy, rows, cols, "softmax output gradient");
        ClBuffer gxb = rowsBuffer(gx, rows, cols, "softmax input gradient");
        if (rows * cols == 0) return;
        guard(() -> "softmaxBackward [" + rows + ", " + cols + "]", () -> {
            kernel("softmax.cu", "softmax_backward").arg(cols).arg(log).arg(yb).arg(gyb).arg(gxb).run1(rows, rowWg);
            return null;
        });
    }

    @Override public synchronized void layerNorm(Buffer x, Buffer w, Buffer b, Buffer y, Buffer mean, Buffer rstd,
                                                 int rows, int cols, float eps) {
        ClBuffer xb = rowsBuffer(x, rows, cols, "layerNorm input"), yb = rowsBuffer(y, rows, cols, "layerNorm output");
        ClBuffer wb = w == null ? dummy : rowsBuffer(w, 1, cols, "layerNorm weight");
        ClBuffer bb = b == null ? dummy : rowsBuffer(b, 1, cols, "layerNorm bias");
        ClBuffer mb = rowsBuffer(mean, rows, 1, "layerNorm mean"), rb = rowsBuffer(rstd, rows, 1, "layerNorm rstd");
        Checks.layerNormWidth(rows, cols, "layerNorm");
        if (rows == 0) return;
        guard(() -> "layerNorm [" + rows + ", " + cols + "]", () -> {
            kernel("layernorm.cu", "layernorm_forward").arg(cols).arg(eps).arg(xb).arg(wb).arg(w != null).arg(bb).arg(b != null)
                    .arg(yb).arg(mb).arg(rb).run1(rows, rowWg);
            return null;
        });
    }

    @Override public synchronized void layerNormBackward(Buffer x, Buffer w, Buffer mean, Buffer rstd, Buffer gy,
                                                         Buffer gx, Buffer gw, Buffer gb, int rows, int cols) {
        ClBuffer xb = rowsBuffer(x, rows, cols, "layerNorm input"), gyb = rowsBuffer(gy, rows, cols, "layerNorm output gradient");
        ClBuffer gxb = rowsBuffer(gx, rows, cols, "layerNorm input gradient");
        ClBuffer wb = w == null ? dummy : rowsBuffer(w, 1, cols, "layerNorm weight");
        ClBuffer mb = rowsBuffer(mean, rows, 1, "layerNorm mean"), rb = rowsBuffer(rstd, rows, 1, "layerNorm rstd");
        ClBuffer gwb = gw == null ? null : rowsBuffer(gw, 1, cols, "layerNorm weight gradient");
        ClBuffer gbb = gb == null ? null : rowsBuffer(gb, 1, cols, "layerNorm bias gradient");
        Checks.layerNormWidth(rows, cols, "layerNormBackward");
        if (cols == 0) return;
        if (rows == 0) {
            if (gw != null) fill(View.contiguous(gw, cols), 0f);
            if (gb != null) fill(View.contiguous(gb, cols), 0f);
            return;
        }
        guard(() -> "layerNormBackward [" + rows + ", " + cols + "]", () -> {
            kernel("layernorm.cu", "layernorm_backward_x").arg(cols).arg(xb).arg(wb).arg(w != null).arg(mb).arg(rb).arg(gyb).arg(gxb)
                    .run1(rows, rowWg);
            if (gwb == null && gbb == null) return null;
            int chunks = ceilDiv(rows, LN_ROWS_PER_CHUNK);
            // One chunk writes the gradients directly; several write partial sums that reduce_cols adds in order.
            ClBuffer pw = gwb == null ? dummy : chunks == 1 ? gwb : scratch(chunks * cols);
            ClBuffer pb = gbb == null ? dummy : chunks == 1 ? gbb : scratch(chunks * cols);
            kernel("layernorm.cu", "layernorm_backward_wb").arg(rows).arg(cols).arg(LN_ROWS_PER_CHUNK).arg(xb).arg(mb).arg(rb).arg(gyb)
                    .arg(pw).arg(gwb != null).arg(pb).arg(gbb != null)
                    .run(new long[]{ceilDiv(cols, colLocal(cols)), chunks}, new long[]{colLocal(cols), 1});
            if (chunks > 1) {
                for (ClBuffer[] pr : new ClBuffer[][]{{pw, gwb}, {pb, gbb}}) {
                    if (pr[1] == null) continue;
                    reduceCols(ReduceOp.SUM, 1, chunks, cols, pr[0], 0, pr[1]);
                    pr[0].release();
                }
            }
            return null;
        });
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
                return null;
            }
            if (maxWorkGroup < (long) GEMM_RT * GEMM_RT)
                throw new BackendException(what.get() + ": device work-groups hold " + maxWorkGroup + " items, gemm_tiled needs " + GEMM_RT * GEMM_RT);
            kernel("gemm.cu", "gemm_tiled").arg(transA).arg(transB).arg(m).arg(n).arg(k).arg(alpha)
                    .arg(ab).arg(aOff).arg(lda).arg(strideA).arg(bb).arg(bOff).arg(ldb).arg(strideB)
                    .arg(beta).arg(cb).arg(cOff).arg(ldc).arg(strideC)
                    .run(new long[]{ceilDiv(n, GEMM_TS), ceilDiv(m, GEMM_TS), batch}, new long[]{GEMM_RT, GEMM_RT, 1});
            return null;
        });
    }

    // ---------------------------------------------------------------- attention

    @Override public synchronized void attention(View q, View k, View v, View out, Buffer lse, Buffer mask, float scale, boolean causal) {
        AttentionShape s = AttentionShape.of(q, k, v, out, null);
        ClBuffer lb = rowsBuffer(lse, s.b() * s.h() * s.tq(), 1, "attention lse");
        ClBuffer mb = mask == null ? dummy : rowsBuffer(mask, s.tq(), s.tk(), "attention mask");
        if (s.empty()) return;
        guard(() -> "attention " + s, () -> {
            cl_kernel kern = attentionKernel(s.d(), "attention_forward");
            Launch l = new Launch(queue, kern).arg(s.h()).arg(s.tq()).arg(s.tk()).arg(s.d()).arg(scale).arg(causal);
            viewArgs(l, q);
            viewArgs(l, k);
            viewArgs(l, v);
            l.arg(mb).arg(mask != null);
            viewArgs(l, out);
            l.arg(lb).run(new long[]{ceilDiv(s.tq(), ATT_BQ), (long) s.b() * s.h()}, new long[]{ATT_BQ, 1});
            return null;
        });
    }

    @Override public synchronized void attentionBackward(View q, View k, View v, View out, Buffer lse, View gout, Buffer mask,
                                                         float scale, boolean causal, Buffer gq, Buffer gk, Buffer gv) {
        AttentionShape s = AttentionShape.of(q, k, v, out, gout);
        int bh = s.b() * s.h();
        ClBuffer lb = rowsBuffer(lse, bh * s.tq(), 1, "attention lse");
        ClBuffer mb = mask == null ? dummy : rowsBuffer(mask, s.tq(), s.tk(), "attention mask");
        ClBuffer gqb = rowsBuffer(gq, bh * s.tq(), s.d(), "attention gq");
        ClBuffer gkb = rowsBuffer(gk, bh * s.tk(), s.d(), "attention gk");
        ClBuffer gvb = rowsBuffer(gv, bh * s.tk(), s.d(), "attention gv");
        if (s.empty()) return;
        guard(() -> "attentionBackward " + s, () -> {
            ClBuffer delta = scratch(bh * s.tq());
            Launch l = new Launch(queue, attentionKernel(s.d(), "attention_backward_dq"))
                    .arg(s.h()).arg(s.tq()).arg(s.tk()).arg(s.d()).arg(scale).arg(causal);
            viewArgs(l, q);
            viewArgs(l, k);
            viewArgs(l, v);
            l.arg(mb).arg(mask != null);
            viewArgs(l, out);
            viewArgs(l, gout);
            l.arg(lb).arg(delta).arg(gqb).run(new long[]{ceilDiv(s.tq(), ATT_BQ), bh}, new long[]{ATT_BQ, 1});

            l = new Launch(queue, attentionKernel(s.d(), "attention_backward_dkdv"))
                    .arg(s.h()).arg(s.tq()).arg(s.tk()).arg(s.d()).arg(scale).arg(causal);
            viewArgs(l, q);
            viewArgs(l, k);
            viewArgs(l, v);
            l.arg(mb).arg(mask != null);
            viewArgs(l, gout);
            l.arg(lb).arg(delta).arg(gkb).arg(gvb).run(new long[]{ceilDiv(s.tk(), ATT_BK), bh}, new long[]{ATT_BK, 1});
            delta.release();
            return null;
        });
    }

    /** The attention program compiled for the smallest supported head-size bound that holds d. */
    private cl_kernel attentionKernel(int d, String name) {
        int bound = 16;
        while (bound < d) bound *= 2;
        return programs.kernel("attention.cu", "-DATT_HEAD_MAX=" + bound, name);
    }

    private void viewArgs(Launch l, View v) {
        l.arg(mem(v)).arg(v.offset()).arg(v.strides()[0]).arg(v.strides()[1]).arg(v.strides()[2]);
    }

    /** Shapes of an attention call, validated against the contract. */
    private record AttentionShape(int b, int h, int tq, int tk, int d) {
        static AttentionShape of(View q, View k, View v, View out, View gout) {
            for (View x : new View[]{q, k, v, out, gout}) {
                if (x == null) continue;
                if (x.rank() != 4) throw new IllegalArgumentException("attention: expected [B,H,T,D] views, got " + x);
                if (x.strides()[3] != 1 && x.shape()[3] > 1)
                    throw new IllegalArgumentException("attention: views need unit stride in D, got " + x);
            }
            int[] qs = q.shape(), ks = k.shape();
            AttentionShape s = new AttentionShape(qs[0], qs[1], qs[2], ks[2], qs[3]);
            if (!Arrays.equals(ks, new int[]{s.b, s.h, s.tk, s.d}) || !Arrays.equals(v.shape(), ks))
                throw new IllegalArgumentException("attention: k " + k + " and v " + v + " do not match q " + q);
            if (!Arrays.equals(out.shape(), qs) || (gout != null && !Arrays.equals(gout.shape(), qs)))
                throw new IllegalArgumentException("attention: output views must have q's shape " + Arrays.toString(qs));
            if (s.d > ATT_MAX_HEAD) throw new IllegalArgumentException("attention: head size " + s.d + " > " + ATT_MAX_HEAD + " is not supported");
            for (View x : new View[]{q, k, v, out, gout}) if (x != null) Checks.view(x, "attention view");
            return s;
        }

        boolean empty() { return b == 0 || h == 0 || tq == 0 || tk == 0 || d == 0; }
    }

    // ---------------------------------------------------------------- indexing

    @Override public synchronized void gatherRows(Buffer table, int[] idx, int cols, Buffer out) {
        ClBuffer tb = buf(table, "gatherRows table");
        Checks.indices("gatherRows", idx, cols, tb.size());
        ClBuffer ob = rowsBuffer(out, idx.length, cols, "gatherRows output");
        int n = idx.length * cols;
        if (n == 0) return;
        guard(() -> "gatherRows of " + idx.length + " rows x " + cols, () -> {
            ClBuffer ib = uploadInts(idx);
            Launch k = flat("gather_rows", "indexing.cu").arg(idx.length).arg(cols).arg(tb).arg(0).arg(ib).arg(0).arg(ob).arg(0);
            if (cpu) k.runFlat(idx.length, GATHER_ROWS_PER_GROUP); // CPU form: one item per row
            else k.runFlat(n, flatLocal);
            ib.release();
            return null;
        });
    }

    @Override public synchronized void scatterAddRows(Buffer grad, int[] idx, int cols, Buffer tableGrad) {
        ClBuffer tb = buf(tableGrad, "scatterAddRows table");
        Checks.indices("scatterAddRows", idx, cols, tb.size());
        ClBuffer gb = rowsBuffer(grad, idx.length, cols, "scatterAddRows gradient");
        if (idx.length == 0 || cols == 0) return;
        RowSegments seg = RowSegments.of(idx);
        int segs = seg.segments();
        guard(() -> "scatterAddRows of " + idx.length + " rows x " + cols, () -> {
            int[] ints = new int[idx.length + 2 * segs + 1];
            System.arraycopy(seg.src(), 0, ints, 0, idx.length);
            System.arraycopy(seg.start(), 0, ints, idx.length, segs + 1);
            System.arraycopy(seg.target(), 0, ints, idx.length + segs + 1, segs);
            ClBuffer ib = uploadInts(ints);
            Launch k = flat("scatter_add_rows", "indexing.cu").arg(segs).arg(cols).arg(gb).arg(0).arg(ib).arg(0).arg(ib)
                    .arg(idx.length).arg(ib).arg(idx.length + segs + 1).arg(tb).arg(0);
            if (cpu) k.runFlat(segs, GATHER_ROWS_PER_GROUP); // CPU form: one item per target row
            else k.runFlat(segs * cols, flatLocal);
            ib.release();
            return null;
        });
    }

    // ---------------------------------------------------------------- optimizer

    @Override public synchronized void adamStep(Buffer param, Buffer grad, Buffer m, Buffer v, int n, float lr, float beta1,
                                                float beta2, float eps, float weightDecay, boolean decoupled, int step) {
        ClBuffer pb = rowsBuffer(param, n, 1, "adam parameters"), gb = rowsBuffer(grad, n, 1, "adam gradient");
        ClBuffer mb = rowsBuffer(m, n, 1, "adam first moment"), vb = rowsBuffer(v, n, 1, "adam second moment");
        if (step < 1) throw new IllegalArgumentException("adamStep: step is 1-based, got " + step);
        if (n == 0) return;
        // The step's scalars in the CPU reference's float arithmetic (PyTorch's foreach=False order).
        float stepSize = lr / (1f - (float) Math.pow(beta1, step));
        float bc2Sqrt = (float) Math.sqrt(1f - (float) Math.pow(beta2, step));
        float decay = decoupled ? 1f - lr * weightDecay : weightDecay;
        guard(() -> "adamStep n=" + n, () -> {
            flat("adam_step", "adam.cu").arg(n).arg(pb).arg(gb).arg(mb).arg(vb).arg(beta1).arg(beta2).arg(eps).arg(decay)
                    .arg(decoupled).arg(stepSize).arg(bc2Sqrt).runFlat(n, flatLocal);
            return null;
        });
    }

    // ---------------------------------------------------------------- helpers

    private Launch flat(String name) { return flat(name, EW); }

    /**
     * An elementwise kernel for one op code. CPU devices get a program per code (-DFIXED_OP; its unary
     * kernels compute UnaryOp #code, its binary kernels BinaryOp #code): with the op switch folded away
     * their compilers vectorise across work-items. GPUs share one program and switch at run time.
     */
    private Launch opKernel(String name, int code) {
        return new Launch(queue, programs.kernel(EW, cpu ? "-DFIXED_OP=" + code : "", name));
    }

    private Launch flat(String name, String file) { return kernel(file, name); }

    private Launch kernel(String file, String name) { return new Launch(queue, programs.kernel(file, "", name)); }

    /**
     * reduce_cols over [outer, n, inner] into out[outer * inner]: one item per output column on GPUs, one per
     * CPU_COLS neighbouring columns (explicit SIMD, local size 1: groups balance over the cores) on CPU devices.
     */
    private void reduceCols(ReduceOp op, int outer, int n, int inner, ClBuffer x, int offset, ClBuffer out) {
        Launch k = kernel("reduce.cu", "reduce_cols").arg(op.ordinal()).arg(outer).arg(n).arg(inner).arg(x).arg(offset).arg(out).arg(0);
        if (cpu) k.run1((long) outer * ceilDiv(inner, CPU_COLS), 1);
        else k.run1(ceilDiv(outer * inner, colLocal(outer * inner)), colLocal(outer * inner));
    }

    /**
     * Local size of a column-walking launch (reduce_cols on GPUs, layernorm_backward_wb) over n columns: on CPU devices,
     * about two groups per unit, each walking its columns in SIMD (a power of two: one compile per size); 256 on GPUs.
     */
    private int colLocal(int n) {
        if (!cpu) return (int) Math.min(FLAT_WG, maxWorkGroup);
        int perUnit = ceilDiv(n, 2 * units);
        return (int) Math.min(Long.highestOneBit(maxWorkGroup), Math.max(16, Integer.highestOneBit(Math.max(1, perUnit - 1)) << 1));
    }

    private static int ceilDiv(int a, int b) { return (a + b - 1) / b; }

    /**
     * Enqueues a *_strided kernel over layout l: one item per element on GPUs; on CPU devices one item per
     * tile of FOR_EACH_STRIDED (elementwise.cu: TILE_R rows of dimension rank-2 by TILE_C columns of rank-1).
     */
    private void runStrided(Launch k, StridedLayout l) {
        int[] shape = l.shape();
        int r = shape.length, cols = shape[r - 1], rows = r >= 2 ? shape[r - 2] : 1;
        long n = 1;
        for (int e : shape) n *= e;
        if (!cpu) {
            k.runFlat((int) n, flatLocal);
            return;
        }
        long tiles = n / ((long) rows * cols) * ceilDiv(rows, TILE_R) * ceilDiv(cols, TILE_C);
        k.runFlat((int) tiles, (int) Math.min(TILES_PER_GROUP, maxWorkGroup));
    }

    private ClBuffer scratch(int n) { return new ClBuffer(this, pool.get(4L * Math.max(1, n)), n); }

    /** The device copy of a kernel metadata array; identical layouts share one (the cache is LRU-bounded). */
    private cl_mem meta(int[] values) {
        MetaKey key = new MetaKey(values);
        cl_mem m = metaCache.get(key);
        if (m == null) {
            // COPY_HOST_PTR copies now, outside the queue: no wait and no staging.
            m = clCreateBuffer(context, CL_MEM_READ_ONLY | CL_MEM_COPY_HOST_PTR, 4L * values.length, Pointer.to(values), null);
            metaCache.put(key, m);
            if (metaCache.size() > META_CACHE_ENTRIES) {
                var eldest = metaCache.entrySet().iterator().next();
                clReleaseMemObject(eldest.getValue()); // OpenCL defers the free until queued users finish
                metaCache.remove(eldest.getKey());
            }
        }
        return m;
    }

    private record MetaKey(int[] values) {
        @Override public boolean equals(Object o) { return o instanceof MetaKey k && Arrays.equals(values, k.values); }

        @Override public int hashCode() { return Arrays.hashCode(values); }
    }

    private ClBuffer buf(Buffer b, String what) {
        if (b == null) throw new IllegalArgumentException(what + " is null");
        if (!(b instanceof ClBuffer cb) || cb.backend() != this)
            throw new IllegalArgumentException(what + " belongs to backend " + b.backend().name() + ", not " + name());
        return cb;
    }

    private cl_mem mem(View v) { return buf(v.buffer(), "view").mem(); }

    /** A contiguous [rows, cols] operand: the buffer must hold rows*cols elements. */
    private ClBuffer rowsBuffer(Buffer b, int rows, int cols, String what) {
        ClBuffer cb = buf(b, what);
        Checks.rows(cb, rows, cols, what);
        return cb;
    }

    /** Runs device calls, turning OpenCL errors into BackendExceptions that name the op. */
    private <T> T guard(Supplier<String> what, Supplier<T> body) {
        try {
            return body.get();
        } catch (CLException e) {
            throw new BackendException(name() + ": " + what.get() + " failed: " + e.getMessage(), e);
        }
    }
}
