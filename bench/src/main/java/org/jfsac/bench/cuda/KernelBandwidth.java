package org.jfsac.bench.cuda;

import org.jfsac.core.backend.Backend;
import org.jfsac.core.backend.BinaryOp;
import org.jfsac.core.backend.Buffer;
import org.jfsac.core.backend.ReduceOp;
import org.jfsac.core.backend.UnaryOp;
import org.jfsac.core.backend.View;

/**
 * Memory-bound kernels against the device's own device-to-device copy: GB/s counting bytes read and
 * written once (the DRAM floor of each op), and the fraction of the copy's rate. Everything goes through
 * the public Backend API, so the same numbers can be taken for any backend.
 */
final class KernelBandwidth {
    private KernelBandwidth() {}

    /** 64 Mi floats (256 MiB per operand): far beyond the last-level cache, so DRAM is measured. */
    static final int N = 64 << 20;

    static void run(Backend be, BenchTable table) {
        run(be, table, N);
    }

    /** n: floats per operand (a multiple of 1024 and of 768). */
    static void run(Backend be, BenchTable table, int n) {
        final int N = n;
        Buffer a = be.allocate(N), b = be.allocate(N), out = be.allocate(N);
        be.fill(View.contiguous(a, N), 0.5f);
        be.fill(View.contiguous(b, N), 0.25f);
        int cols = 768, rows = N / cols;
        double copy = rate(be, 8L * N, () -> be.copy(View.contiguous(a, N), View.contiguous(out, N)));
        table.add("bandwidth", "device-to-device copy", "fp32", 1, copy, "GB/s");
        report(be, table, copy, "unary identity", 8L * N, () -> be.unary(UnaryOp.IDENTITY, 0f, View.contiguous(a, N), out));
        report(be, table, copy, "unary gelu", 8L * N, () -> be.unary(UnaryOp.GELU, 0f, View.contiguous(a, N), out));
        report(be, table, copy, "binary add", 12L * N, () -> be.binary(BinaryOp.ADD, View.contiguous(a, N), View.contiguous(b, N), out));
        View bias = new View(b, new int[] {rows, cols}, new int[] {0, 1}, 0);
        report(be, table, copy, "binary add, broadcast row", 8L * rows * cols,
                () -> be.binary(BinaryOp.ADD, View.contiguous(a, rows, cols), bias, out));
        int side = (int) Math.sqrt(N); // a square transpose
        View transposed = new View(a, new int[] {side, side}, new int[] {1, side}, 0);
        report(be, table, copy, "copy, transposed", 8L * side * side,
                () -> be.copy(transposed, View.contiguous(out, side, side)));
        report(be, table, copy, "softmax rows of 1024", 8L * N, () -> be.softmax(a, out, N / 1024, 1024, false));
        Buffer w = be.allocate(cols), bb = be.allocate(cols), mean = be.allocate(rows), rstd = be.allocate(rows);
        be.fill(View.contiguous(w, cols), 1f);
        be.fill(View.contiguous(bb, cols), 0f);
        report(be, table, copy, "layer norm rows of 768", 8L * rows * cols,
                () -> be.layerNorm(a, w, bb, out, mean, rstd, rows, cols, 1e-5f));
        report(be, table, copy, "sum rows of 768", 4L * rows * cols, () -> be.reduce(ReduceOp.SUM, a, 0, rows, cols, 1, out));
        for (Buffer x : new Buffer[] {a, b, out, w, bb, mean, rstd}) x.release();
    }

    private static void report(Backend be, BenchTable table, double copy, String name, long bytes, Runnable op) {
        double r = rate(be, bytes, op);
        table.add("bandwidth", name, "fp32", 1, r, "GB/s");
        table.add("bandwidth", name + " / copy", "fp32", 1, r / copy, "ratio");
    }

    private static double rate(Backend be, long bytes, Runnable op) {
        return bytes / Timer.mean(be, 3, 20, op) / 1e9;
    }
}
