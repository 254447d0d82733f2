package org.jfsac.core.tensor;

import org.apache.commons.math3.special.Erf;
import org.jfsac.core.testing.GradCheck;
import org.jfsac.core.testing.GradCheck.Sampler;
import org.jfsac.core.testing.Nd;
import org.jfsac.core.testing.RandomShapes;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static org.jfsac.core.testing.GradCheck.awayFrom;
import static org.jfsac.core.testing.GradCheck.bernoulli;
import static org.jfsac.core.testing.GradCheck.uniform;

/**
 * Elementwise ops, their scalar forms, where and maskedFill: forward and gradient against the double
 * reference. Each op runs on three seeded random shapes (ranks 0–4, broadcasting for two inputs) with
 * random layouts (permuted, narrowed, expanded views); the shapes and layouts are printed.
 */
class ElementwiseGradTest {
    private static final long[] SEEDS = {1, 2, 3};
    /**
     * No reductions here: a forward element is at most ~3 float32 roundings of 2^-24 ≈ 6e-8 and a
     * gradient element at most ~6 (plus the broadcast sums of at most 5·5 terms for expanded inputs),
     * so both stay below ~5e-7; observed errors are ≤ 1.2e-7.
     */
    private static final double TOL = 1e-6;

    private record Unary(String name, UnaryOperator<Tensor> op, DoubleUnaryOperator ref, Sampler domain) {}

    private record Binary(String name, BiFunction<Tensor, Tensor, Tensor> op, DoubleBinaryOperator ref, Sampler a, Sampler b) {}

    private static final Sampler ANY = uniform(-2, 2), POSITIVE = uniform(0.3, 2.5), NONZERO = awayFrom(0, 0.3, -2, 2);

    private static double gelu(double x) { return 0.5 * x * (1 + Erf.erf(x / Math.sqrt(2))); }

    private static final List<Unary> UNARY = List.of(
            new Unary("neg", Tensor::neg, x -> -x, ANY),
            new Unary("exp", Tensor::exp, Math::exp, ANY),
            new Unary("log", Tensor::log, Math::log, POSITIVE),
            new Unary("sqrt", Tensor::sqrt, Math::sqrt, POSITIVE),
            new Unary("tanh", Tensor::tanh, Math::tanh, ANY),
            new Unary("sigmoid", Tensor::sigmoid, x -> 1 / (1 + Math.exp(-x)), uniform(-4, 4)),
            new Unary("gelu", Tensor::gelu, ElementwiseGradTest::gelu, uniform(-4, 4)),
            new Unary("quickGelu", Tensor::quickGelu, x -> x / (1 + Math.exp(-1.702 * x)), uniform(-4, 4)),
            // kinks at 0 (relu, abs) and at the clamp point: inputs are kept 0.05 away so FD never straddles one
            new Unary("relu", Tensor::relu, x -> Math.max(x, 0), awayFrom(0, 0.05, -2, 2)),
            new Unary("abs", Tensor::abs, Math::abs, awayFrom(0, 0.05, -2, 2)),
            new Unary("clampMin", x -> x.clampMin(0.3f), x -> Math.max(x, 0.3f), awayFrom(0.3, 0.05, -2, 2)),
            new Unary("add(s)", x -> x.add(0.75f), x -> x + 0.75f, ANY),
            new Unary("sub(s)", x -> x.sub(0.75f), x -> x - 0.75f, ANY),
            new Unary("mul(s)", x -> x.mul(-1.5f), x -> x * -1.5f, ANY),
            // div(s) multiplies by the float 1/s: the reference uses exactly that factor
            new Unary("div(s)", x -> x.div(3f), x -> x * (double) (1f / 3f), ANY),
            new Unary("pow(2.5)", x -> x.pow(2.5f), x -> Math.pow(x, 2.5), POSITIVE),
            new Unary("pow(-1.5)", x -> x.pow(-1.5f), x -> Math.pow(x, -1.5), POSITIVE),
            new Unary("pow(3)", x -> x.pow(3f), x -> x * x * x, ANY),
            new Unary("rsub", x -> x.rsub(2f), x -> 2 - x, ANY),
            new Unary("rdiv", x -> x.rdiv(2f), x -> 2 / x, NONZERO));

    private static final List<Binary> BINARY = List.of(
            new Binary("add", Tensor::add, Double::sum, ANY, ANY),
            new Binary("sub", Tensor::sub, (a, b) -> a - b, ANY, ANY),
            new Binary("mul", Tensor::mul, (a, b) -> a * b, ANY, ANY),
            new Binary("div", Tensor::div, (a, b) -> a / b, ANY, NONZERO),
            new Binary("pow", Tensor::pow, Math::pow, POSITIVE, ANY),
            new Binary("maximum", Tensor::maximum, Math::max, ANY, ANY),
            new Binary("minimum", Tensor::minimum, Math::min, ANY, ANY));

    static Stream<Arguments> unaryCases() {
        List<Arguments> a = new ArrayList<>();
        for (Unary u : UNARY) for (long s : SEEDS) a.add(Arguments.of(u.name, s));
        return a.stream();
    }

    static Stream<Arguments> binaryCases() {
        List<Arguments> a = new ArrayList<>();
        for (Binary b : BINARY) for (long s : SEEDS) a.add(Arguments.of(b.name, s));
        return a.stream();
    }

    private static <T> T named(List<T> list, String name, Function<T, String> key) {
        return list.stream().filter(x -> key.apply(x).equals(name)).findFirst().orElseThrow();
    }

    @ParameterizedTest(name = "{0} seed {1}")
    @MethodSource("unaryCases")
    void unary(String name, long seed) {
        Unary u = named(UNARY, name, Unary::name);
        int[] shape = new RandomShapes(name, seed).shape(0, 4, 5);
        GradCheck.of(name, seed).input(shape, u.domain).tolerances(TOL, TOL)
                .check(x -> u.op.apply(x.get(0)), x -> x.get(0).map(u.ref));
    }

    @ParameterizedTest(name = "{0} seed {1}")
    @MethodSource("binaryCases")
    void binary(String name, long seed) {
        Binary b = named(BINARY, name, Binary::name);
        int[][] s = new RandomShapes(name, seed).broadcastPair(0, 4, 5);
        boolean maxMin = name.equals("maximum") || name.equals("minimum");
        GradCheck.of(name, seed).input(s[0], b.a).input(s[1], b.b).tolerances(TOL, TOL)
                // max/min have a kink where a == b: keep every broadcast pair at least 1e-3 apart
                .accept(x -> !maxMin || x.get(0).zip(x.get(1), (p, q) -> Math.abs(p - q) < 1e-3 ? 1 : 0).sumAll() == 0)
                .check(x -> b.op.apply(x.get(0), x.get(1)), x -> x.get(0).zip(x.get(1), b.ref));
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void where(long seed) {
        RandomShapes rs = new RandomShapes("where", seed);
        int[] s = rs.shape(1, 4, 5);
        GradCheck.of("where", seed).constant(rs.broadcastPartner(s), bernoulli(0.5)).input(rs.broadcastPartner(s)).input(s).tolerances(TOL, TOL)
                .check(x -> Tensor.where(x.get(0), x.get(1), x.get(2)), x -> Nd.where(x.get(0), x.get(1), x.get(2)));
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void maskedFill(long seed) {
        RandomShapes rs = new RandomShapes("maskedFill", seed);
        int[] s = rs.shape(1, 4, 5);
        GradCheck.of("maskedFill", seed).input(s).constant(rs.broadcastPartner(s), bernoulli(0.4)).tolerances(TOL, TOL)
                .check(x -> x.get(0).maskedFill(x.get(1), -3f), x -> Nd.where(x.get(1), Nd.scalar(-3), x.get(0)));
    }

    static Stream<Long> seeds() { return Arrays.stream(SEEDS).boxed(); }
}
