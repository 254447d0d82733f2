package org.jfsac.core.tensor;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Graph recording and backward semantics, and the errors users see when they get something wrong. */
class AutogradTest {

    private static Tensor vec(float... v) { return Tensor.of(v, v.length); }

    private static void assertMessage(Class<? extends Throwable> type, Executable e, String... parts) {
        Throwable t = assertThrows(type, e);
        for (String p : parts) assertTrue(t.getMessage() != null && t.getMessage().contains(p), "message \"" + t.getMessage() + "\" lacks \"" + p + "\"");
    }

    @Test
    void shapeMismatchesNameBothShapes() {
        Tensor a = Tensor.zeros(2, 3), b = Tensor.zeros(4), c = Tensor.zeros(4, 5);
        assertMessage(IllegalArgumentException.class, () -> a.add(b), "[2, 3]", "[4]");
        assertMessage(IllegalArgumentException.class, () -> a.mul(c), "[2, 3]", "[4, 5]");
        assertMessage(IllegalArgumentException.class, () -> a.matmul(c), "[2, 3]", "[4, 5]");
        assertMessage(IllegalArgumentException.class, () -> Tensor.concat(0, a, c), "[2, 3]", "[4, 5]");
        assertMessage(IllegalArgumentException.class, () -> Tensor.stack(0, a, c), "[2, 3]", "[4, 5]");
        assertMessage(IllegalArgumentException.class, () -> Tensor.where(b, a, a), "[4]", "[2, 3]");
        assertMessage(IllegalArgumentException.class, () -> a.layerNorm(b, null, 1e-5f), "[4]", "[2, 3]");
        assertMessage(IllegalArgumentException.class, () -> a.reshape(4, 2), "[2, 3]", "[4, 2]");
        assertMessage(IllegalArgumentException.class, () -> a.expand(3, 3), "[2, 3]", "[3, 3]");
        assertMessage(IllegalArgumentException.class, () -> a.assign(c), "[4, 5]", "[2, 3]");
        Tensor q = Tensor.zeros(1, 2, 3, 4), k = Tensor.zeros(1, 2, 5, 8);
        assertMessage(IllegalArgumentException.class, () -> Functional.attention(q, k, k, null, false, 1f), "[1, 2, 3, 4]", "[1, 2, 5, 8]");
        Tensor x = Tensor.zeros(2, 3).requiresGrad(true);
        Tensor y = x.mul(2f);
        assertMessage(IllegalArgumentException.class, () -> y.backward(Tensor.zeros(3, 2)), "[3, 2]", "[2, 3]");
        assertMessage(IndexOutOfBoundsException.class, () -> a.narrow(1, 2, 2), "[2, 3]");
    }

    @Test
    void backwardTwiceThroughAFreedGraphIsAClearError() {
        Tensor x = vec(1, 2, 3).requiresGrad(true);
        Tensor loss = x.mul(x).sum();
        loss.backward();
        assertMessage(IllegalStateException.class, loss::backward, "freed", "backward(gradient, true)");
        // a second loss sharing a freed subgraph: the error names the op where the freed part starts
        Tensor e = x.exp();
        Tensor first = e.sum(), second = e.mul(2f).sum();
        first.backward();
        assertMessage(IllegalStateException.class, second::backward, "freed", "exp");
    }

    @Test
    void retainedGraphCanBeBackpropagatedAgainAndGradientsAccumulate() {
        Tensor x = vec(1, 2, 3).requiresGrad(true);
        Tensor loss = x.mul(x).sum();
        loss.backward(Tensor.scalar(1f).reshape(), true);
        assertArrayEquals(new float[]{2, 4, 6}, x.grad().toArray());
        loss.backward();
        assertArrayEquals(new float[]{4, 8, 12}, x.grad().toArray(), "second pass adds to the first");
    }

    @Test
    void gradientsAccumulateAcrossSeparateBackwardCallsUntilZeroed() {
        Tensor x = vec(1, -2).requiresGrad(true);
        x.mul(3f).sum().backward();
        x.mul(x).sum().backward();
        assertArrayEquals(new float[]{3 + 2, 3 - 4}, x.grad().toArray());
        x.zeroGrad();
        assertNull(x.grad());
    }

    /** d/dx (x·x + x) = 2x + 1: both uses of x within one graph add up. */
    @Test
    void inputGradientsOfLeaves() {
        Tensor x = vec(0.5f, -1, 3).requiresGrad(true);
        Tensor w = vec(2, 2, 2);
        x.mul(x).add(x).mul(w).sum().backward();
        assertArrayEquals(new float[]{2 * 2, -1 * 2, 7 * 2}, x.grad().toArray());
        assertNull(w.grad(), "a tensor that does not require grad gets none");
    }

    @Test
    void detachCutsTheGraph() {
        Tensor x = vec(1, 2).requiresGrad(true);
        Tensor cut = x.mul(x).detach();
        assertFalse(cut.requiresGrad());
        assertTrue(cut.isLeaf());
        // d/dx (stop(x²) · x) = x², not 3x²
        cut.mul(x).sum().backward();
        assertArrayEquals(new float[]{1, 4}, x.grad().toArray());
    }

    @Test
    void noGradBuildsNoGraph() {
        Tensor x = vec(1, 2).requiresGrad(true);
        Tensor y;
        try (GradMode g = GradMode.noGrad()) {
            y = x.mul(x).exp().sum();
            assertFalse(GradMode.isEnabled());
            try (GradMode e = GradMode.enableGrad()) {
                assertTrue(x.mul(2f).requiresGrad(), "enableGrad inside noGrad records again");
            }
            assertFalse(GradMode.isEnabled(), "closing the inner scope restores noGrad");
        }
        assertTrue(GradMode.isEnabled());
        assertFalse(y.requiresGrad());
        assertTrue(y.isLeaf(), "no node was recorded");
        assertMessage(IllegalStateException.class, y::backward, "does not require grad");
    }

    @Test
    void misuseIsReported() {
        Tensor x = vec(1, 2).requiresGrad(true);
        Tensor y = x.mul(2f);
        assertMessage(IllegalStateException.class, y::backward, "scalar", "[2]");
        assertMessage(IllegalStateException.class, () -> y.requiresGrad(false), "detach");
    }

    @Test
    void detectAnomalyNamesTheOpThatMadeANaN() {
        Tensor x = vec(-1, 4).requiresGrad(true);
        // off (the default): NaN flows through silently
        assertTrue(Float.isNaN(x.sqrt().sum().item()));
        GradMode.setDetectAnomaly(true);
        try {
            assertMessage(ArithmeticException.class, () -> x.mul(2f).sqrt().sum(), "sqrt", "NaN", "[2]");
            assertMessage(ArithmeticException.class, () -> vec(0, 1).log(), "log", "Infinity");
            Tensor fine = x.mul(x).sum();
            fine.backward();
            assertArrayEquals(new float[]{-2, 8}, x.grad().toArray(), "finite graphs are unaffected");
        } finally {
            GradMode.setDetectAnomaly(false);
        }
    }

    /** Backward is iterative: a chain far deeper than the Java stack would allow recursively. */
    @Test
    void deepChainsDoNotOverflowTheStack() {
        Tensor x = vec(1).requiresGrad(true);
        Tensor y = x;
        for (int i = 0; i < 20_000; i++) y = y.add(1f);
        y.sum().backward();
        assertArrayEquals(new float[]{1}, x.grad().toArray());
    }

    @Test
    void concatGradientsRouteToEachPart() {
        Tensor a = vec(1, 2).requiresGrad(true), b = vec(3).requiresGrad(true);
        Tensor.concat(0, List.of(a, b)).mul(vec(10, 20, 30)).sum().backward();
        assertArrayEquals(new float[]{10, 20}, a.grad().toArray());
        assertArrayEquals(new float[]{30}, b.grad().toArray());
    }
}
