package org.jfsac.gpu.opencl;

import org.jfsac.core.backend.BinaryOp;
import org.jfsac.core.backend.Checks;
import org.jfsac.core.backend.UnaryOp;
import org.jfsac.core.backend.View;
import org.jfsac.gpu.KernelSources;
import org.jfsac.gpu.StridedLayout;

import static org.jocl.CL.clEnqueueCopyBuffer;

/**
 * Host side of elementwise.cu (the counterpart of CudaElementwise): simplifies each call's layout
 * ({@link StridedLayout}), then enqueues the contiguous kernel when every operand is dense and the strided one
 * (with a cached metadata array) otherwise. Op codes are the enum ordinals. The caller holds the backend's lock.
 */
final class ClElementwise {
    private static final String EW = "elementwise.cu";
    private static final int TILE_R = KernelSources.intDefine(EW, "TILE_R");
    private static final int TILE_C = KernelSources.intDefine(EW, "TILE_C");
    /** Tiles per work-group of a strided launch on CPU devices (each tile is up to TILE_R x TILE_C elements). */
    private static final int TILES_PER_GROUP = 64;

    private final OpenClBackend backend;

    ClElementwise(OpenClBackend backend) {
        this.backend = backend;
    }

    void fill(View dst, float value) {
        Checks.view(dst, "fill destination");
        if (dst.numel() == 0) return;
        StridedLayout l = StridedLayout.of(dst.shape(), dst.strides());
        backend.guard(() -> "fill " + dst, () -> {
            if (l.isContiguous(0)) {
                backend.kernel(EW, "fill_contig").arg(dst.numel()).arg(value).arg(backend.mem(dst)).arg(dst.offset())
                        .runFlat(dst.numel(), backend.flatLocal());
            } else {
                runStrided(backend.kernel(EW, "fill_strided").arg(dst.numel()).arg(backend.meta(l.meta(0, 1))).arg(value)
                        .arg(backend.mem(dst)).arg(dst.offset()), l);
            }
        });
    }

    void copy(View src, View dst) {
        Checks.sameShape("copy", src, dst);
        Checks.view(src, "copy source");
        Checks.view(dst, "copy destination");
        int n = dst.numel();
        if (n == 0) return;
        StridedLayout l = StridedLayout.of(dst.shape(), src.strides(), dst.strides());
        backend.guard(() -> "copy " + src + " -> " + dst, () -> {
            if (l.allContiguous()) {
                clEnqueueCopyBuffer(backend.queue(), backend.mem(src), backend.mem(dst), 4L * src.offset(), 4L * dst.offset(), 4L * n,
                        0, null, null);
            } else {
                runStrided(backend.kernel(EW, "copy_strided").arg(n).arg(backend.meta(l.meta(0, 2))).arg(backend.mem(src))
                        .arg(src.offset()).arg(backend.mem(dst)).arg(dst.offset()), l);
            }
        });
    }

    void unary(UnaryOp op, float param, View x, ClBuffer out) {
        Checks.view(x, "unary input");
        int n = x.numel();
        Checks.range(out.size(), 0, n, "unary output");
        if (n == 0) return;
        StridedLayout l = StridedLayout.of(x.shape(), x.strides());
        backend.guard(() -> "unary " + op + " " + x, () -> {
            if (l.isContiguous(0)) {
                opKernel("unary_contig", op.ordinal()).arg(op.ordinal()).arg(param).arg(n).arg(backend.mem(x)).arg(x.offset())
                        .arg(out).arg(0).runFlat(n, backend.flatLocal());
            } else {
                runStrided(opKernel("unary_strided", op.ordinal()).arg(op.ordinal()).arg(param).arg(n).arg(backend.meta(l.meta(0, 1)))
                        .arg(backend.mem(x)).arg(x.offset()).arg(out).arg(0), l);
            }
        });
    }

    void binary(BinaryOp op, View a, View b, ClBuffer out) {
        Checks.sameShape("binary " + op, a, b);
        Checks.view(a, "binary input a");
        Checks.view(b, "binary input b");
        int n = a.numel();
        Checks.range(out.size(), 0, n, "binary output");
        if (n == 0) return;
        StridedLayout l = StridedLayout.of(a.shape(), a.strides(), b.strides());
        backend.guard(() -> "binary " + op + " " + a + ", " + b, () -> {
            if (l.allContiguous()) {
                opKernel("binary_contig", op.ordinal()).arg(op.ordinal()).arg(n).arg(backend.mem(a)).arg(a.offset()).arg(backend.mem(b))
                        .arg(b.offset()).arg(out).arg(0).runFlat(n, backend.flatLocal());
            } else {
                runStrided(opKernel("binary_strided", op.ordinal()).arg(op.ordinal()).arg(n).arg(backend.meta(l.meta(0, 2)))
                        .arg(backend.mem(a)).arg(a.offset()).arg(backend.mem(b)).arg(b.offset()).arg(out).arg(0), l);
            }
        });
    }

    void where(View cond, View a, View b, ClBuffer out) {
        Checks.sameShape("where", cond, a);
        Checks.sameShape("where", a, b);
        Checks.view(cond, "where condition");
        Checks.view(a, "where input a");
        Checks.view(b, "where input b");
        int n = a.numel();
        Checks.range(out.size(), 0, n, "where output");
        if (n == 0) return;
        StridedLayout l = StridedLayout.of(a.shape(), cond.strides(), a.strides(), b.strides());
        backend.guard(() -> "where " + cond + ", " + a + ", " + b, () ->
                runStrided(backend.kernel(EW, "where_strided").arg(n).arg(backend.meta(l.meta(0, 3))).arg(backend.mem(cond))
                        .arg(cond.offset()).arg(backend.mem(a)).arg(a.offset()).arg(backend.mem(b)).arg(b.offset()).arg(out).arg(0), l));
    }

    /**
     * An elementwise kernel for one op code. CPU devices get a program per code (-DFIXED_OP; its unary
     * kernels compute UnaryOp #code, its binary kernels BinaryOp #code): with the op switch folded away
     * their compilers vectorise across work-items. GPUs share one program and switch at run time.
     */
    private Launch opKernel(String name, int code) {
        return backend.kernel(EW, backend.cpuForms() ? "-DFIXED_OP=" + code : "", name);
    }

    /**
     * Enqueues a *_strided kernel over layout l: one item per element on GPUs; on CPU devices one item per
     * tile of FOR_EACH_STRIDED (elementwise.cu: TILE_R rows of dimension rank-2 by TILE_C columns of rank-1).
     */
    private void runStrided(Launch k, StridedLayout l) {
        int[] shape = l.shape();
        int r = shape.length, cols = shape[r - 1], rows = r >= 2 ? shape[r - 2] : 1;
        long n = 1;
        for (int e : shape) n *= e;
        if (!backend.cpuForms()) {
            k.runFlat((int) n, backend.flatLocal());
            return;
        }
        long tiles = n / ((long) rows * cols) * OpenClBackend.ceilDiv(rows, TILE_R) * OpenClBackend.ceilDiv(cols, TILE_C);
        k.runFlat((int) tiles, (int) Math.min(TILES_PER_GROUP, backend.maxWorkGroup()));
    }
}
