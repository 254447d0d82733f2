package org.jfsac.core.testing;

import org.jfsac.core.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The test machinery itself: the double reference against hand-computed values, and GradCheck failing when it should. */
class GradCheckSelfTest {

    @Test
    void ndMatchesHandComputedValues() {
        Nd a = Nd.of(new double[]{1, 2, 3, 4, 5, 6}, 2, 3);
        Nd b = Nd.of(new double[]{1, 0, 0, 1, 1, 1}, 3, 2);
        assertArrayEquals(new double[]{4, 5, 10, 11}, a.matmul(b).values());
        assertArrayEquals(new double[]{1, 4, 2, 5, 3, 6}, a.mT().values());
        assertArrayEquals(new double[]{5, 7, 9}, a.sum(0, false).values());
        assertArrayEquals(new int[]{2, 1}, a.sum(1, true).shape());
        assertArrayEquals(new double[]{3, 6}, a.max(1, false).values());
        assertArrayEquals(new double[]{11, 22, 33, 14, 25, 36}, a.add(Nd.of(new double[]{10, 20, 30}, 3)).values(), "row broadcast");
        assertArrayEquals(new double[]{2, 3, 4, 8, 9, 10}, a.add(Nd.of(new double[]{1, 4}, 2, 1)).values(), "column broadcast");
        assertArrayEquals(new double[]{2, 3, 5, 6}, a.narrow(1, 1, 2).values());
        assertArrayEquals(new double[]{4, 5, 6}, a.select(0, 1).values());
        assertArrayEquals(new double[]{1, 2, 3, 4, 5, 6, 1, 0, 0, 1, 1, 1}, Nd.concat(0, a.reshape(3, 2), b).values());
        assertArrayEquals(new double[]{4, 5, 6, 1, 2, 3, 4, 5, 6}, a.gatherRows(new int[]{1, 0, 1}).values());
        Nd s = Nd.of(new double[]{0, Math.log(3)}, 2).softmax(0);
        assertEquals(0.25, s.value(0), 1e-15);
        assertEquals(0.75, s.value(1), 1e-15);
        // a 1-D dot product is 0-dimensional
        assertEquals(0, Nd.of(new double[]{1, 2}, 2).matmul(Nd.of(new double[]{3, 4}, 2)).rank());
    }

    @Test
    void passesACorrectOp() {
        GradCheck.of("self-test exp", 1).input(3, 4).check(x -> x.get(0).exp(), x -> x.get(0).exp());
    }

    @Test
    void failsAWrongForward() {
        AssertionFailedError e = assertThrows(AssertionFailedError.class, () ->
                GradCheck.of("self-test wrong forward", 1).input(3, 4).check(x -> x.get(0).exp(), x -> x.get(0).map(v -> Math.exp(1.001 * v))));
        assertTrue(e.getMessage().contains("forward"), e.getMessage());
    }

    /** Forward exp(x), but autograd sees 0.99·exp(x) as the derivative: only the gradient is 1% off. */
    @Test
    void failsAWrongGradient() {
        AssertionFailedError e = assertThrows(AssertionFailedError.class, () ->
                GradCheck.of("self-test wrong gradient", 1).input(3, 4).check(x -> {
                    Tensor in = x.get(0), y = in.exp().detach();
                    return y.add(in.sub(in.detach()).mul(y.mul(0.99f)));
                }, x -> x.get(0).exp()));
        assertTrue(e.getMessage().contains("gradient of input 0"), e.getMessage());
    }

    /** A gradient that never reaches the leaf (a graph cut, an op that records nothing) is a failure, not a skip. */
    @Test
    void failsAMissingGradient() {
        assertThrows(AssertionFailedError.class, () ->
                GradCheck.of("self-test detached", 1).input(2, 2).check(x -> x.get(0).detach().mul(x.get(0).detach()).add(x.get(0).mul(0f)), x -> x.get(0).mul(x.get(0))));
        AssertionFailedError e = assertThrows(AssertionFailedError.class, () ->
                GradCheck.of("self-test no graph", 1).input(2, 2).check(x -> x.get(0).detach().exp(), x -> x.get(0).exp()));
        assertTrue(e.getMessage().contains("does not require grad"), e.getMessage());
    }
}
