package org.jfsac.core.testing;

import org.jfsac.core.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Checks one float32 op against an independent double-precision reference written with {@link Nd}:
 * <ol>
 *   <li>forward: the float32 output against the double reference output;</li>
 *   <li>backward: with a random R of the output's shape, the float32 autograd gradient of
 *       L = Σ out ⊙ R (out.backward(R)) for every leaf, against central finite differences
 *       (L(x+h) - L(x-h)) / 2h computed on the double reference, h = 1e-6.</li>
 * </ol>
 * Central differences in double have truncation error ~h²·|L'''| ≈ 1e-12 and rounding error
 * ~1e-16·|L|/h ≈ 1e-10, so the reference gradient is exact to far below float32 resolution and the
 * comparison measures only the float32 error of the op and its backward rule.
 *
 * <p>Error measure, per element: |actual - expected| / (|expected| + max(1, max|expected|)). Float32
 * rounding (2^-24 ≈ 6e-8 per operation) in a sum scales with the magnitude of the summed terms, not with
 * the result, so an element that is small by cancellation carries an absolute error on the scale of the
 * whole tensor; the max term allows that, the |expected| term keeps large elements relative. The floor of
 * 1 is the natural scale of these checks (inputs and R are O(1)): a gradient that is zero by symmetry
 * (softmax of an expanded row, the norm direction of l2Normalize) comes out as a few float32 ulps of the
 * O(1) terms that cancel, not as 0.
 * Default tolerances: forward 5e-6 and gradient 2e-5 (see the constants); a wrong backward rule gives
 * errors of order 1, a subtly wrong one (a float constant, a missing eps) of order 1e-3.
 */
public final class GradCheck {
    /**
     * Forward tolerance: the checks use chains of at most ~10 float32 ops over reductions of at most ~40
     * terms, so the worst-case accumulated rounding is ~(10 + 40)·2^-24 ≈ 3e-6 relative to the term
     * magnitudes (typical errors are ~5e-8, since roundings are random and partly cancel).
     */
    public static final double DEFAULT_FWD_TOL = 5e-6;
    /**
     * Gradient tolerance: a backward pass is about twice as long as its forward chain and the gradients
     * of normalisations (softmax, layer norm, attention) subtract nearly equal terms, so the worst case
     * doubles to ~6e-6; 2e-5 leaves a factor 3 (typical errors are ≤ 3e-7).
     */
    public static final double DEFAULT_GRAD_TOL = 2e-5;
    private static final double H = 1e-6;

    /** Draws one input element. Values are rounded to float32 so both sides see the same numbers. */
    public interface Sampler {
        double sample(SplittableRandom rnd);
    }

    public static Sampler uniform(double lo, double hi) { return r -> lo + (hi - lo) * r.nextDouble(); }

    /** Uniform in [lo, hi] but at least margin away from point (keeps FD off kinks: relu, abs at 0). */
    public static Sampler awayFrom(double point, double margin, double lo, double hi) {
        return r -> {
            double v;
            do v = lo + (hi - lo) * r.nextDouble(); while (Math.abs(v - point) < margin);
            return v;
        };
    }

    public static Sampler bernoulli(double p) { return r -> r.nextDouble() < p ? 1 : 0; }

    private record Spec(int[] shape, Sampler sampler, Layout layout, boolean grad, Tensor parameter) {}

    private final String name;
    private final long seed;
    private final List<Spec> specs = new ArrayList<>();
    private Predicate<List<Nd>> accept = xs -> true;
    private double fwdTol = DEFAULT_FWD_TOL, gradTol = DEFAULT_GRAD_TOL;

    private GradCheck(String name, long seed) {
        this.name = name;
        this.seed = seed;
    }

    public static GradCheck of(String name, long seed) { return new GradCheck(name, seed); }

    /** A differentiable input, uniform in [-2, 2], with a random layout. */
    public GradCheck input(int... shape) { return input(shape, uniform(-2, 2), Layout.RANDOM); }

    public GradCheck input(int[] shape, Sampler s) { return input(shape, s, Layout.RANDOM); }

    public GradCheck input(int[] shape, Sampler s, Layout layout) {
        specs.add(new Spec(shape.clone(), s, layout, true, null));
        return this;
    }

    /** An input that gets no gradient (masks, conditions), contiguous. */
    public GradCheck constant(int[] shape, Sampler s) {
        specs.add(new Spec(shape.clone(), s, Layout.CONTIGUOUS, false, null));
        return this;
    }

    /** An existing leaf (a module parameter) used as it is; its gradient is checked too. */
    public GradCheck parameter(Tensor p) {
        specs.add(new Spec(p.shape(), null, Layout.CONTIGUOUS, true, p));
        return this;
    }

    /** Redraws the inputs until the (viewed) reference inputs satisfy p, e.g. no ties for max. */
    public GradCheck accept(Predicate<List<Nd>> p) {
        accept = p;
        return this;
    }

    public GradCheck tolerances(double forward, double gradient) {
        fwdTol = forward;
        gradTol = gradient;
        return this;
    }

    /** Runs the check; fails with the worst element when a tolerance is exceeded. */
    public void check(Function<List<Tensor>, Tensor> op, Function<List<Nd>, Nd> reference) {
        SplittableRandom rnd = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + name.hashCode() + 1);
        List<Layout.Realized> layouts = new ArrayList<>();
        for (Spec s : specs) layouts.add(s.parameter != null ? Layout.CONTIGUOUS.realize(s.shape, rnd) : s.layout.realize(s.shape, rnd));
        List<Nd> leaves = drawAccepted(rnd, layouts);

        List<Tensor> leafTensors = new ArrayList<>(), inputs = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            Spec s = specs.get(i);
            Tensor leaf = s.parameter != null ? s.parameter : Tensor.of(toFloats(leaves.get(i)), leaves.get(i).shape());
            leaf.zeroGrad();
            if (s.grad) leaf.requiresGrad(true);
            leafTensors.add(leaf);
            inputs.add(layouts.get(i).tensorView().apply(leaf));
        }
        Tensor out = op.apply(inputs);
        Nd expected = reference.apply(views(leaves, layouts));
        String header = describe(layouts, out);
        assertArrayEquals(expected.shape(), out.shape(), header + ": output shape differs from the reference's");
        double fwdErr = maxError(out.toArray(), expected.values());
        if (fwdErr > fwdTol) fail(header + String.format(Locale.ROOT, ": forward off by %.3g (tolerance %g)%s", fwdErr, fwdTol, worst(out.toArray(), expected.values())));

        double gradErr = 0;
        if (specs.stream().anyMatch(Spec::grad)) {
            if (!out.requiresGrad()) fail(header + ": the output does not require grad although an input does (no graph recorded)");
            Nd r = Nd.of(toFloats(Nd.generate(out.shape(), i -> rnd.nextDouble() * 2 - 1)), out.shape());
            out.backward(Tensor.of(toFloats(r), r.shape()));
            for (int i = 0; i < specs.size(); i++) {
                if (!specs.get(i).grad) continue;
                double[] fd = finiteDifferences(leaves, layouts, reference, r, i);
                Tensor g = leafTensors.get(i).grad();
                float[] actual = g == null ? new float[fd.length] : g.toArray();
                double e = maxError(actual, fd);
                if (e > gradTol) fail(header + String.format(Locale.ROOT, ": gradient of input %d off by %.3g (tolerance %g)%s", i, e, gradTol, worst(actual, fd)));
                gradErr = Math.max(gradErr, e);
            }
        }
        System.out.printf(Locale.ROOT, "%s: forward err %.2e, grad err %.2e%n", header, fwdErr, gradErr);
    }

    private List<Nd> drawAccepted(SplittableRandom rnd, List<Layout.Realized> layouts) {
        for (int attempt = 0; attempt < 200; attempt++) {
            List<Nd> leaves = new ArrayList<>();
            for (int i = 0; i < specs.size(); i++) {
                Spec s = specs.get(i);
                if (s.parameter != null) leaves.add(Nd.of(s.parameter));
                else leaves.add(Nd.of(toFloats(Nd.generate(layouts.get(i).leafShape(), x -> s.sampler.sample(rnd))), layouts.get(i).leafShape()));
            }
            if (accept.test(views(leaves, layouts))) return leaves;
        }
        throw new IllegalStateException(name + ": no acceptable inputs drawn in 200 attempts");
    }

    private static List<Nd> views(List<Nd> leaves, List<Layout.Realized> layouts) {
        List<Nd> v = new ArrayList<>();
        for (int i = 0; i < leaves.size(); i++) v.add(layouts.get(i).ndView().apply(leaves.get(i)));
        return v;
    }

    private static double loss(List<Nd> leaves, List<Layout.Realized> layouts, Function<List<Nd>, Nd> reference, Nd r) {
        return reference.apply(views(leaves, layouts)).mul(r).sumAll();
    }

    private static double[] finiteDifferences(List<Nd> leaves, List<Layout.Realized> layouts, Function<List<Nd>, Nd> reference, Nd r, int which) {
        Nd x = leaves.get(which);
        double[] g = new double[x.numel()];
        List<Nd> probe = new ArrayList<>(leaves);
        for (int j = 0; j < g.length; j++) {
            double v = x.value(j);
            probe.set(which, x.withValue(j, v + H));
            double plus = loss(probe, layouts, reference, r);
            probe.set(which, x.withValue(j, v - H));
            double minus = loss(probe, layouts, reference, r);
            g[j] = (plus - minus) / (2 * H);
        }
        return g;
    }

    /** max_i |a_i - e_i| / (|e_i| + max(1, max|e|)). */
    public static double maxError(float[] actual, double[] expected) {
        if (actual.length != expected.length) throw new AssertionError("length " + actual.length + " vs " + expected.length);
        double scale = 1;
        for (double e : expected) scale = Math.max(scale, Math.abs(e));
        double worst = 0;
        for (int i = 0; i < actual.length; i++) {
            double d = Math.abs(actual[i] - expected[i]);
            if (Double.isNaN(actual[i]) || Double.isNaN(expected[i])) return Double.POSITIVE_INFINITY;
            if (d == 0) continue;
            worst = Math.max(worst, d / (Math.abs(expected[i]) + scale));
        }
        return worst;
    }

    private static String worst(float[] actual, double[] expected) {
        int at = 0;
        double w = -1;
        for (int i = 0; i < actual.length; i++) {
            double d = Math.abs(actual[i] - expected[i]);
            if (Double.isNaN(d)) d = Double.POSITIVE_INFINITY;
            if (d > w) { w = d; at = i; }
        }
        return String.format(Locale.ROOT, " (worst at flat index %d: got %s, expected %s)", at, actual[at], expected[at]);
    }

    private String describe(List<Layout.Realized> layouts, Tensor out) {
        StringBuilder b = new StringBuilder("gradcheck ").append(name).append(" seed ").append(seed).append(':');
        for (int i = 0; i < specs.size(); i++) {
            Layout.Realized l = layouts.get(i);
            b.append(" in").append(i).append(Arrays.toString(specs.get(i).shape));
            if (!l.description().equals("contiguous")) b.append(" from leaf ").append(Arrays.toString(l.leafShape())).append('.').append(l.description());
            b.append(';');
        }
        return b.append(" out ").append(Arrays.toString(out.shape())).toString();
    }

    private static float[] toFloats(Nd x) {
        float[] f = new float[x.numel()];
        for (int i = 0; i < f.length; i++) f[i] = (float) x.value(i);
        return f;
    }
}
