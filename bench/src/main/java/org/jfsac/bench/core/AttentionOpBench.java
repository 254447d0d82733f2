package org.jfsac.bench.core;

import org.jfsac.core.backend.Backend;
import org.jfsac.core.backend.Buffer;
import org.jfsac.core.backend.Devices;
import org.jfsac.core.backend.View;
import org.jfsac.core.cpu.Parallel;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Random;

/**
 * The CPU backend's fused attention op alone, forward and backward, at ViT-B-16-plus-240's shape (14 heads of 64,
 * 226 tokens; q, k, v as views of a [B, T, 3, H, D] projection, as the tower lays them out). Prints min and median
 * ms per call and the process CPU time per forward + backward (all threads, OpenBLAS's included), which a loaded
 * machine inflates less than wall time. A plain main, so that it runs against another build's classes too:
 * {@code java --add-modules jdk.incubator.vector -cp OTHER.jar:bench/target/classes org.jfsac.bench.core.AttentionOpBench 8 10}.
 * Usage: AttentionOpBench [batch] [reps] [warm-ups].
 */
public final class AttentionOpBench {
    private AttentionOpBench() {}

    public static void main(String[] args) {
        int b = args.length > 0 ? Integer.parseInt(args[0]) : 1, reps = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        int warm = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        int h = 14, t = 226, d = 64, hd = h * d;
        Backend be = Devices.cpu();
        Random r = new Random(1);
        int[] st = {t * 3 * hd, d, 3 * hd, 1}, sh = {b, h, t, d};
        Buffer qkv = upload(be, r, b * t * 3 * hd), g = upload(be, r, b * h * t * d);
        View q = new View(qkv, sh, st, 0), k = new View(qkv, sh, st, hd), v = new View(qkv, sh, st, 2 * hd);
        View out = new View(be.allocate(b * t * hd), sh, new int[]{t * hd, d, hd, 1}, 0), gout = View.contiguous(g, sh);
        Buffer lse = be.allocate(b * h * t), gq = be.allocate(b * h * t * d), gk = be.allocate(b * h * t * d), gv = be.allocate(b * h * t * d);
        float scale = 0.125f;
        double[] fwd = new double[reps], bwd = new double[reps];
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpu0 = 0;
        for (int i = -warm; i < reps; i++) {
            if (i == 0) cpu0 = os.getProcessCpuTime();
            long t0 = System.nanoTime();
            be.attention(q, k, v, out, lse, null, scale, false);
            long t1 = System.nanoTime();
            be.attentionBackward(q, k, v, out, lse, gout, null, scale, false, gq, gk, gv);
            long t2 = System.nanoTime();
            if (i >= 0) {
                fwd[i] = (t1 - t0) / 1e6;
                bwd[i] = (t2 - t1) / 1e6;
            }
        }
        double cpu = (os.getProcessCpuTime() - cpu0) / 1e6 / reps;
        Arrays.sort(fwd);
        Arrays.sort(bwd);
        double flops = 4.0 * b * h * t * t * d; // Q·Kᵀ and P·V; the backward has 2.5 times that (five products)
        System.out.printf("batch %d, %d threads, %d reps: forward ms min %.1f median %.1f (%.1f GFLOP/s at the median) | "
                        + "backward ms min %.1f median %.1f (%.1f GFLOP/s) | process CPU ms per forward + backward %.1f%n",
                b, Parallel.threads(), reps, fwd[0], fwd[reps / 2], flops / fwd[reps / 2] / 1e6,
                bwd[0], bwd[reps / 2], 2.5 * flops / bwd[reps / 2] / 1e6, cpu);
    }

    private static Buffer upload(Backend be, Random r, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) r.nextGaussian();
        Buffer buf = be.allocate(n);
        be.upload(a, 0, buf, 0, n);
        return buf;
    }
}
