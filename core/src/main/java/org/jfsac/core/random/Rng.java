package org.jfsac.core.random;

import org.jfsac.core.backend.Backend;
import org.jfsac.core.backend.Devices;
import org.jfsac.core.tensor.Tensor;

import java.util.SplittableRandom;

/**
 * Seeded, deterministic random numbers (SplittableRandom; normals by Box–Muller in double). The same
 * seed gives the same tensors bit for bit on every machine. Not thread-safe: one Rng per thread/task.
 */
public final class Rng {
    private final SplittableRandom random;
    private final boolean zeros;
    private double spare = Double.NaN;

    public Rng(long seed) { this(seed, false); }

    private Rng(long seed, boolean zeros) {
        random = new SplittableRandom(seed);
        this.zeros = zeros;
    }

    /** Draws only zeros in the array/tensor factories: a fast placeholder init for weights about to be loaded. */
    public static Rng zeros() { return new Rng(0, true); }

    /** An independent stream derived from this one (for parallel tasks). */
    public Rng split() { return new Rng(random.nextLong()); }

    public double uniform() { return random.nextDouble(); }

    public int nextInt(int bound) { return random.nextInt(bound); }

    public long nextLong() { return random.nextLong(); }

    public double normal() {
        if (!Double.isNaN(spare)) {
            double s = spare;
            spare = Double.NaN;
            return s;
        }
        double u1, u2;
        do { u1 = random.nextDouble(); } while (u1 <= 0);
        u2 = random.nextDouble();
        double r = Math.sqrt(-2 * Math.log(u1));
        spare = r * Math.sin(2 * Math.PI * u2);
        return r * Math.cos(2 * Math.PI * u2);
    }

    public float[] uniformArray(int n, double lo, double hi) {
        float[] a = new float[n];
        if (zeros) return a;
        for (int i = 0; i < n; i++) a[i] = (float) (lo + (hi - lo) * random.nextDouble());
        return a;
    }

    public float[] normalArray(int n, double mean, double std) {
        float[] a = new float[n];
        if (zeros) return a;
        for (int i = 0; i < n; i++) a[i] = (float) (mean + std * normal());
        return a;
    }

    public Tensor uniform(double lo, double hi, int... shape) { return uniform(Devices.getDefault(), lo, hi, shape); }

    public Tensor uniform(Backend be, double lo, double hi, int... shape) {
        return Tensor.of(be, uniformArray(count(shape), lo, hi), shape);
    }

    public Tensor normal(double mean, double std, int... shape) { return normal(Devices.getDefault(), mean, std, shape); }

    public Tensor normal(Backend be, double mean, double std, int... shape) {
        return Tensor.of(be, normalArray(count(shape), mean, std), shape);
    }

    /** Xavier (Glorot) normal for a [fanOut, fanIn] weight: std = gain * sqrt(2 / (fanIn + fanOut)). */
    public Tensor xavierNormal(Backend be, int fanOut, int fanIn) {
        return normal(be, 0, Math.sqrt(2.0 / (fanIn + fanOut)), fanOut, fanIn);
    }

    /** PyTorch's default nn.Linear init: weight and bias uniform in ±1/sqrt(fanIn). */
    public Tensor linearDefault(Backend be, int fanIn, int... shape) {
        double bound = fanIn > 0 ? 1.0 / Math.sqrt(fanIn) : 0;
        return uniform(be, -bound, bound, shape);
    }

    private static int count(int[] shape) {
        int n = 1;
        for (int d : shape) n *= d;
        return n;
    }
}
