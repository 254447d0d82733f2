package org.jfsac.bench.opencl;

import org.jfsac.core.backend.Backend;
import org.jfsac.core.backend.BinaryOp;
import org.jfsac.core.backend.Buffer;
import org.jfsac.core.backend.ReduceOp;
import org.jfsac.core.backend.UnaryOp;
import org.jfsac.core.backend.View;
import org.jfsac.core.backend.Devices;

import java.util.Locale;
import java.util.Random;
import java.util.regex.Pattern;

/**
 * Achieved bandwidth of each OpenCL kernel against a plain device copy (clEnqueueCopyBuffer, through
 * {@link Backend#copy} of contiguous views) moving the same number of bytes on the same device; GEMM
 * and attention, which are compute-bound, are reported in GFLOP/s. Bytes are the DRAM floor from each
 * kernel's traffic note. Usage: {@code KernelBandwidth [device-spec, default opencl] [scale, default 1]}.
 */
public final class KernelBandwidth {
    private final Backend be;
    private final Pattern filter;
    private final Random rng = new Random(1);
    private Buffer copyA, copyB;

    private KernelBandwidth(Backend be, Pattern filter) {
        this.be = be;
        this.filter = filter;
    }

    /** Arguments: device spec (default opencl), size scale (default 1: 64 MB operands), kernel-name regex (default all). */
    public static void main(String[] args) {
        Backend be = Devices.select(args.length > 0 ? args[0] : "opencl");
        double scale = args.length > 1 ? Double.parseDouble(args[1]) : 1.0;
        Pattern filter = Pattern.compile(args.length > 2 ? args[2] : ".*");
        System.out.println(Devices.lastChoice());
        new KernelBandwidth(be, filter).run(scale);
    }

    private Buffer random(int n) {
        float[] h = new float[n];
        for (int i = 0; i < n; i++) h[i] = rng.nextFloat() * 2 - 1;
        Buffer b = be.allocate(n);
        be.upload(h, 0, b, 0, n);
        return b;
    }

    /** Calls per timed batch: about 0.1 s worth, at least 2. */
    private int reps(Runnable op) {
        op.run();
        be.synchronize();
        long t0 = System.nanoTime();
        op.run();
        be.synchronize();
        double one = (System.nanoTime() - t0) / 1e9;
        return (int) Math.max(2, Math.min(200, 0.1 / Math.max(one, 1e-6)));
    }

    private double batch(Runnable op, int reps) {
        long t0 = System.nanoTime();
        for (int i = 0; i < reps; i++) op.run();
        be.synchronize();
        return (System.nanoTime() - t0) / 1e9 / reps;
    }

    /**
     * Kernel and copy timed in alternating batches, best of 5 each: the machine is shared, so a slow
     * moment should hit both sides of the ratio rather than one.
     */
    private void memoryBound(String kernel, String shape, long bytes, Runnable op) {
        if (!filter.matcher(kernel).find()) return;
        int n = (int) (bytes / 8);
        Runnable copy = () -> be.copy(View.contiguous(copyA, n), View.contiguous(copyB, n));
        int rk = reps(op), rc = reps(copy);
        double t = Double.MAX_VALUE, tc = Double.MAX_VALUE;
        for (int round = 0; round < 5; round++) {
            t = Math.min(t, batch(op, rk));
            tc = Math.min(tc, batch(copy, rc));
        }
        double gbs = bytes / t / 1e9, copyGbs = 8.0 * n / tc / 1e9;
        System.out.println(String.format(Locale.ROOT, "| %-24s | %-24s | %7.1f | %8.3f | %7.2f | %7.2f | %4.0f%% |", kernel, shape,
                bytes / 1e6, t * 1e3, gbs, copyGbs, 100 * gbs / copyGbs));
    }

    private void computeBound(String kernel, String shape, double flops, Runnable op) {
        if (!filter.matcher(kernel).find()) return;
        int r = reps(op);
        double t = Double.MAX_VALUE;
        for (int round = 0; round < 3; round++) t = Math.min(t, batch(op, r));
        System.out.println(String.format(Locale.ROOT, "| %-24s | %-24s | %9.3f ms | %8.2f GFLOP/s |", kernel, shape, t * 1e3, flops / t / 1e9));
    }

    private void run(double scale) {
        int n = (int) (scale * (1 << 24)); // 64 MB per operand
        System.out.println("| kernel | shape | MB moved | ms | GB/s | copy GB/s | of copy |");
        System.out.println("|---|---|---:|---:|---:|---:|---:|");
        Buffer x = random(n), y = random(n), z = be.allocate(n), w = random(n);
        copyA = random(4 * n);  // the largest kernel below (Adam) moves 7 operands' worth; a copy moves 2x its size
        copyB = be.allocate(4 * n);
        long f = 4L * n;

        memoryBound("fill_contig", "[" + n + "]", f, () -> be.fill(View.contiguous(z, n), 1f));
        memoryBound("unary_contig GELU", "[" + n + "]", 2 * f, () -> be.unary(UnaryOp.GELU, 0f, View.contiguous(x, n), z));
        memoryBound("unary_contig MUL_SCALAR", "[" + n + "]", 2 * f, () -> be.unary(UnaryOp.MUL_SCALAR, 2f, View.contiguous(x, n), z));
        memoryBound("binary_contig ADD", "[" + n + "]", 3 * f, () -> be.binary(BinaryOp.ADD, View.contiguous(x, n), View.contiguous(y, n), z));
        int cols = 768, rws = n / cols;
        View bias = new View(w, new int[]{rws, cols}, new int[]{0, 1}, 0);
        memoryBound("binary_strided bias", "[" + rws + "," + cols + "]+[" + cols + "]", 2L * rws * cols * 4,
                () -> be.binary(BinaryOp.ADD, View.contiguous(x, rws, cols), bias, z));
        int side = (int) Math.sqrt(n);
        View tr = new View(x, new int[]{side, side}, new int[]{1, side}, 0);
        memoryBound("copy_strided transpose", "[" + side + "," + side + "]^T", 2L * side * side * 4, () -> be.copy(tr, View.contiguous(z, side, side)));
        memoryBound("unary_strided transpose", "[" + side + "," + side + "]^T", 2L * side * side * 4, () -> be.unary(UnaryOp.IDENTITY, 0f, tr, z));
        View cnd = View.contiguous(w, n);
        memoryBound("where_strided", "[" + n + "]", 4 * f, () -> be.where(cnd, View.contiguous(x, n), View.contiguous(y, n), z));

        memoryBound("reduce_rows SUM", "[" + rws + "," + cols + "]", f + 4L * rws, () -> be.reduce(ReduceOp.SUM, x, 0, rws, cols, 1, z));
        memoryBound("reduce_rows ARGMAX", "[" + rws + "," + cols + "]", f + 4L * rws, () -> be.reduce(ReduceOp.ARGMAX, x, 0, rws, cols, 1, z));
        memoryBound("reduce_cols SUM", "[" + rws + "," + cols + "] axis 0", f + 4L * cols, () -> be.reduce(ReduceOp.SUM, x, 0, 1, rws, cols, z));
        memoryBound("reduce_cols SUM", "[64," + rws / 64 + "," + cols + "] axis 1", f + 4L * 64 * cols,
                () -> be.reduce(ReduceOp.SUM, x, 0, 64, rws / 64, cols, z));

        int sc = 257, srows = n / sc;
        memoryBound("softmax_forward", "[" + srows + "," + sc + "]", 2L * srows * sc * 4, () -> be.softmax(x, z, srows, sc, false));
        memoryBound("softmax_backward", "[" + srows + "," + sc + "]", 3L * srows * sc * 4, () -> be.softmaxBackward(x, y, z, srows, sc, false));
        int vc = 50000, vrows = n / vc;
        memoryBound("softmax_forward (log)", "[" + vrows + "," + vc + "]", 2L * vrows * vc * 4, () -> be.softmax(x, z, vrows, vc, true));

        Buffer lw = random(cols), lb = random(cols), mean = be.allocate(rws), rstd = be.allocate(rws), gw = be.allocate(cols), gb = be.allocate(cols);
        be.layerNorm(x, lw, lb, z, mean, rstd, rws, cols, 1e-5f); // real statistics for the backward rows (garbage could be denormal)
        memoryBound("layernorm_forward", "[" + rws + "," + cols + "]", 2L * rws * cols * 4 + 8L * rws,
                () -> be.layerNorm(x, lw, lb, z, mean, rstd, rws, cols, 1e-5f));
        memoryBound("layernorm_backward_x", "[" + rws + "," + cols + "]", 3L * rws * cols * 4,
                () -> be.layerNormBackward(x, lw, mean, rstd, y, z, null, null, rws, cols));
        // with gw/gb the wb kernel re-reads x and gy: 20 bytes per element actually move (floor of a fused pass: 12)
        memoryBound("layernorm_backward x+wb", "[" + rws + "," + cols + "]", 5L * rws * cols * 4,
                () -> be.layerNormBackward(x, lw, mean, rstd, y, z, gw, gb, rws, cols));

        int vocab = 49408, tokens = n / 512 / 2;
        Buffer table = random(vocab * 512);
        int[] idx = new int[tokens];
        for (int i = 0; i < tokens; i++) idx[i] = rng.nextInt(vocab);
        memoryBound("gather_rows", tokens + " x 512", 2L * tokens * 512 * 4, () -> be.gatherRows(table, idx, 512, z));
        memoryBound("scatter_add_rows", tokens + " x 512", 3L * tokens * 512 * 4, () -> be.scatterAddRows(y, idx, 512, table));
        table.release();

        Buffer m = be.allocate(n), v = be.allocate(n);
        be.fill(View.contiguous(m, n), 0f);
        be.fill(View.contiguous(v, n), 0f);
        memoryBound("adam_step", "[" + n + "]", 7 * f, () -> be.adamStep(w, x, m, v, n, 1e-3f, 0.9f, 0.999f, 1e-8f, 0.01f, true, 3));

        System.out.println();
        System.out.println("| kernel | shape | time | rate |");
        System.out.println("|---|---|---:|---:|");
        for (int[] s : new int[][]{{197 * 8, 3072, 768}, {197 * 8, 768, 768}, {1024, 1024, 1024}}) {
            int mm = s[0], nn = s[1], kk = s[2];
            Buffer a = random(mm * kk), b = random(kk * nn), c = be.allocate(mm * nn);
            computeBound("gemm NT", mm + "x" + nn + "x" + kk, 2.0 * mm * nn * kk,
                    () -> be.gemm(false, true, mm, nn, kk, 1f, a, 0, kk, 0, b, 0, kk, 0, 0f, c, 0, nn, 0, 1));
            a.release();
            b.release();
            c.release();
        }
        for (int[] s : new int[][]{{8, 12, 197, 64, 0}, {8, 8, 77, 64, 1}}) {
            int bsz = s[0], h = s[1], t = s[2], d = s[3];
            boolean causal = s[4] == 1;
            int len = bsz * h * t * d;
            Buffer q = random(len), k = random(len), vv = random(len), o = be.allocate(len), lse = be.allocate(bsz * h * t);
            Buffer go = random(len), gq = be.allocate(len), gk = be.allocate(len), gv = be.allocate(len);
            View qv = View.contiguous(q, bsz, h, t, d), kv = View.contiguous(k, bsz, h, t, d), vw = View.contiguous(vv, bsz, h, t, d);
            View ov = View.contiguous(o, bsz, h, t, d);
            double fl = 4.0 * bsz * h * t * (double) t * d * (causal ? 0.5 : 1);
            String shape = "B" + bsz + " H" + h + " T" + t + " D" + d + (causal ? " causal" : "");
            computeBound("attention_forward", shape, fl, () -> be.attention(qv, kv, vw, ov, lse, null, 0.125f, causal));
            computeBound("attention_backward", shape, 2.5 * fl, () -> be.attentionBackward(qv, kv, vw, ov, lse, View.contiguous(go, bsz, h, t, d),
                    null, 0.125f, causal, gq, gk, gv));
            for (Buffer bb : new Buffer[]{q, k, vv, o, lse, go, gq, gk, gv}) bb.release();
        }
    }
}
