package org.jfsac.gpu.cuda;

import org.jfsac.core.backend.BinaryOp;
import org.jfsac.core.backend.Checks;
import org.jfsac.core.backend.UnaryOp;
import org.jfsac.core.backend.View;
import org.jfsac.gpu.KernelConstants;
import org.jfsac.gpu.StridedLayout;

/**
 * Host side of elementwise.cu: simplifies each call's layout ({@link StridedLayout}, shared with the
 * OpenCL backend), then launches the
 * contiguous kernel when every operand is dense and the strided one (with a cached meta array)
 * otherwise. Kernels loop grid-stride, so the group count is capped at a few waves of the device.
 * Op codes are the enum ordinals (the kernel source defines them in the same order).
 */
final class CudaElementwise {

    private static final int BLOCK = KernelConstants.FLAT_WG;

    private final CudaBackend backend;
    private final int maxGroups;

    CudaElementwise(CudaBackend backend, int multiprocessors) {
        this.backend = backend;
        this.maxGroups = Math.max(1, multiprocessors) * 16;
    }

    private KernelLauncher.Shape shape(int n) {
        int groups = (int) Math.min(maxGroups, Math.max(1, ((long) n + BLOCK - 1) / BLOCK));
        return new KernelLauncher.Shape(groups, 1, 1, BLOCK, 1, 1, 0);
    }

    void unary(UnaryOp op, float param, View x, CudaBuffer out) {
        String what = "unary " + op + " " + x;
        CudaBuffer xb = backend.viewBuffer(x, what);
        int n = x.numel();
        checkOut(out, n, what);
        if (n == 0) return;
        StridedLayout m = StridedLayout.of(x.shape(), x.strides());
        if (m.isContiguous(0)) {
            backend.launcher.launch(CudaKernels.UNARY_CONTIG, shape(n), what,
                    op.ordinal(), param, n, xb, x.offset(), out, 0);
        } else {
            backend.launcher.launch(CudaKernels.UNARY_STRIDED, shape(n), what,
                    op.ordinal(), param, n, backend.meta(m.meta(0, 1)), xb, x.offset(), out, 0);
        }
    }

    void binary(BinaryOp op, View a, View b, CudaBuffer out) {
        String what = "binary " + op + " " + a + ", " + b;
        sameShape(a, b, what);
        CudaBuffer ab = backend.viewBuffer(a, what), bb = backend.viewBuffer(b, what);
        int n = a.numel();
        checkOut(out, n, what);
        if (n == 0) return;
        StridedLayout m = StridedLayout.of(a.shape(), a.strides(), b.strides());
        if (m.isContiguous(0) && m.isContiguous(1)) {
            backend.launcher.launch(CudaKernels.BINARY_CONTIG, shape(n), what,
                    op.ordinal(), n, ab, a.offset(), bb, b.offset(), out, 0);
        } else {
            backend.launcher.launch(CudaKernels.BINARY_STRIDED, shape(n), what,
                    op.ordinal(), n, backend.meta(m.meta(0, 2)), ab, a.offset(), bb, b.offset(), out, 0);
        }
    }

    void where(View cond, View a, View b, CudaBuffer out) {
        String what = "where " + cond + ", " + a + ", " + b;
        sameShape(cond, a, what);
        sameShape(a, b, what);
        CudaBuffer cb = backend.viewBuffer(cond, what), ab = backend.viewBuffer(a, what), bb = backend.viewBuffer(b, what);
        int n = a.numel();
        checkOut(out, n, what);
        if (n == 0) return;
        StridedLayout m = StridedLayout.of(a.shape(), cond.strides(), a.strides(), b.strides());
        backend.launcher.launch(CudaKernels.WHERE_STRIDED, shape(n), what,
                n, backend.meta(m.meta(0, 3)), cb, cond.offset(), ab, a.offset(), bb, b.offset(), out, 0);
    }

    void fill(View dst, float value) {
        String what = "fill " + dst;
        CudaBuffer db = backend.viewBuffer(dst, what);
        int n = dst.numel();
        if (n == 0) return;
        StridedLayout m = StridedLayout.of(dst.shape(), dst.strides());
        if (m.isContiguous(0)) {
            backend.launcher.launch(CudaKernels.FILL_CONTIG, shape(n), what, n, value, db, dst.offset());
        } else {
            backend.launcher.launch(CudaKernels.FILL_STRIDED, shape(n), what,
                    n, backend.meta(m.meta(0, 1)), value, db, dst.offset());
        }
    }

    void copy(View src, View dst) {
        String what = "copy " + src + " -> " + dst;
        sameShape(src, dst, what);
        CudaBuffer sb = backend.viewBuffer(src, what), db = backend.viewBuffer(dst, what);
        int n = dst.numel();
        if (n == 0) return;
        StridedLayout m = StridedLayout.of(dst.shape(), src.strides(), dst.strides());
        if (m.isContiguous(0) && m.isContiguous(1)) {
            backend.copyDevice(sb, src.offset(), db, dst.offset(), n, what);
        } else {
            backend.launcher.launch(CudaKernels.COPY_STRIDED, shape(n), what,
                    n, backend.meta(m.meta(0, 2)), sb, src.offset(), db, dst.offset());
        }
    }

    private static void sameShape(View a, View b, String what) {
        Checks.sameShape(what, a, b);
    }

    private static void checkOut(CudaBuffer out, int n, String what) {
        Checks.range(out.size(), 0, n, what + " output");
    }
}
