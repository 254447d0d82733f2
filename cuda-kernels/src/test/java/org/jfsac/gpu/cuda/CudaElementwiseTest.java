package org.jfsac.gpu.cuda;

import static org.jfsac.gpu.cuda.CudaTestSupport.assertClose;
import static org.jfsac.gpu.cuda.CudaTestSupport.download;
import static org.jfsac.gpu.cuda.CudaTestSupport.random;
import static org.jfsac.gpu.cuda.CudaTestSupport.upload;

import java.util.SplittableRandom;
import org.jfsac.core.backend.Backend;
import org.jfsac.core.backend.BinaryOp;
import org.jfsac.core.backend.Buffer;
import org.jfsac.core.backend.UnaryOp;
import org.jfsac.core.backend.View;
import org.junit.jupiter.api.Test;

/**
 * Elementwise ops, fill and copy on the GPU against the CPU backend, over contiguous, permuted and
 * broadcast views. Tolerance: the contract's 1e-5 relative for elementwise ops (CUDA's expf/erfcf/
 * powf/tanhf are within a few ulp, about 1e-6), plus 1e-6 absolute for results near zero.
 */
class CudaElementwiseTest {

    static final int[] SHAPE = {3, 5, 70};

    /** Views of one [3,5,70]-element buffer (plus spare room): dense, permuted, broadcast, offset. */
    static View[] layouts(Buffer buf) {
        return new View[] {
            View.contiguous(buf, SHAPE),
            new View(buf, SHAPE, new int[] {1, 3, 15}, 0),            // a [70,5,3] buffer read transposed
            new View(buf, SHAPE, new int[] {0, 70, 1}, 7),            // broadcast over dim 0, offset 7
            new View(buf, SHAPE, new int[] {350, 70, 1}, 0),          // dense
        };
    }

    static float[] run(Backend b, float[] data, java.util.function.BiConsumer<View, Buffer> op, int layout) {
        Buffer in = upload(b, data);
        Buffer out = b.allocate(3 * 5 * 70);
        op.accept(layouts(in)[layout], out);
        return download(b, out);
    }

    @Test
    void unaryOpsMatchCpu() {
        Backend gpu = CudaTestSupport.backend(), cpu = CudaTestSupport.cpu();
        SplittableRandom rnd = new SplittableRandom(1);
        float[] signed = random(rnd, 1100, -4, 4), positive = random(rnd, 1100, 0.05, 4);
        for (UnaryOp op : UnaryOp.values()) {
            boolean needsPositive = op == UnaryOp.LOG || op == UnaryOp.SQRT || op == UnaryOp.POW_SCALAR;
            float[] data = needsPositive ? positive : signed;
            float param = op == UnaryOp.POW_SCALAR ? 1.7f : 0.37f;
            for (int layout = 0; layout < 4; layout++) {
                final int l = layout;
                float[] e = run(cpu, data, (x, o) -> cpu.unary(op, param, x, o), l);
                float[] a = run(gpu, data, (x, o) -> gpu.unary(op, param, x, o), l);
                assertClose(e, a, 1e-5, 1e-6, "unary " + op + " layout " + l);
            }
        }
    }

    @Test
    void binaryOpsWithBroadcastingMatchCpu() {
        Backend gpu = CudaTestSupport.backend(), cpu = CudaTestSupport.cpu();
        SplittableRandom rnd = new SplittableRandom(2);
        float[] a = random(rnd, 1050, -3, 3), b = random(rnd, 1050, 0.1, 3);
        // Make some elements equal so that EQ, GT, MAX and MIN see ties.
        for (int i = 0; i < 1050; i += 7) b[i] = a[i];
        for (BinaryOp op : BinaryOp.values()) {
            float[] x = op == BinaryOp.POW ? random(new SplittableRandom(3), 1050, 0.1, 3) : a;
            for (int la = 0; la < 4; la++) {
                for (int lb : new int[] {0, 1, 2}) {
                    float[] e = binary(cpu, op, x, b, la, lb), g = binary(gpu, op, x, b, la, lb);
                    assertClose(e, g, 1e-5, 1e-6, "binary " + op + " layouts " + la + "," + lb);
                }
            }
        }
    }

    static float[] binary(Backend be, BinaryOp op, float[] x, float[] y, int la, int lb) {
        Buffer bx = upload(be, x), by = upload(be, y), out = be.allocate(1050);
        be.binary(op, layouts(bx)[la], layouts(by)[lb], out);
        return download(be, out);
    }

    @Test
    void whereFillAndCopyMatchCpu() {
        Backend gpu = CudaTestSupport.backend(), cpu = CudaTestSupport.cpu();
        SplittableRandom rnd = new SplittableRandom(4);
        float[] cond = new float[1100];
        for (int i = 0; i < cond.length; i++) cond[i] = rnd.nextInt(3) == 0 ? 0f : 1f;
        float[] a = random(rnd, 1100, -1, 1), b = random(rnd, 1100, -1, 1);
        for (int l = 0; l < 4; l++) {
            float[][] res = new float[2][];
            Backend[] both = {cpu, gpu};
            for (int i = 0; i < 2; i++) {
                Backend be = both[i];
                Buffer c = upload(be, cond), x = upload(be, a), y = upload(be, b), out = be.allocate(1050);
                be.where(layouts(c)[l], layouts(x)[(l + 1) % 4], layouts(y)[(l + 2) % 4], out);
                res[i] = download(be, out);
            }
            assertClose(res[0], res[1], 0, 0, "where layout " + l);
        }
        // fill and copy write through views: compare whole destination buffers (untouched parts too).
        for (int l : new int[] {0, 1, 3}) {
            float[][] res = new float[2][];
            Backend[] both = {cpu, gpu};
            for (int i = 0; i < 2; i++) {
                Backend be = both[i];
                Buffer dst = upload(be, a);
                be.fill(layouts(dst)[l], 2.5f);
                Buffer dst2 = upload(be, b);
                be.copy(layouts(upload(be, a))[(l + 1) % 4], layouts(dst2)[l]);
                float[] f = download(be, dst), c = download(be, dst2);
                float[] both2 = new float[f.length + c.length];
                System.arraycopy(f, 0, both2, 0, f.length);
                System.arraycopy(c, 0, both2, f.length, c.length);
                res[i] = both2;
            }
            assertClose(res[0], res[1], 0, 0, "fill/copy layout " + l);
        }
    }
}
