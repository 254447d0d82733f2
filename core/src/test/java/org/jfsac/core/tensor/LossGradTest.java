package org.jfsac.core.tensor;

import org.jfsac.core.random.Rng;
import org.jfsac.core.testing.GradCheck;
import org.jfsac.core.testing.Nd;
import org.jfsac.core.testing.RandomShapes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Arrays;

import static org.jfsac.core.testing.GradCheck.uniform;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Cross-entropy, binary cross-entropy and dropout: grad checks (default tolerances) and edge cases. */
class LossGradTest {

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3})
    void crossEntropy(long seed) {
        RandomShapes rs = new RandomShapes("crossEntropy", seed);
        int n = rs.dim(1, 5), c = rs.dim(2, 6);
        int[] targets = new int[n];
        for (int i = 0; i < n; i++) targets[i] = rs.dim(0, c - 1);
        GradCheck.of("crossEntropy targets " + Arrays.toString(targets), seed).input(new int[]{n, c}, uniform(-3, 3))
                .check(x -> Functional.crossEntropy(x.get(0), targets), x -> {
                    Nd logp = x.get(0).logSoftmax(1);
                    double s = 0;
                    for (int i = 0; i < n; i++) s -= logp.get(i, targets[i]);
                    return Nd.scalar(s / n);
                });
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3})
    void binaryCrossEntropy(long seed) {
        int[] s = new RandomShapes("bce", seed).shape(1, 3, 5);
        // soft targets in [0, 1] get a gradient too (the loss is linear in them)
        GradCheck.of("binaryCrossEntropy", seed).input(s, uniform(0.05, 0.95)).input(s, uniform(0, 1))
                .check(x -> Functional.binaryCrossEntropy(x.get(0), x.get(1)), x -> {
                    Nd p = x.get(0), t = x.get(1);
                    Nd l = t.mul(p.log()).add(t.map(v -> 1 - v).mul(p.map(v -> Math.log(1 - v))));
                    return Nd.scalar(-l.sumAll() / l.numel());
                });
    }

    /**
     * PyTorch clamps each log term at -100, so probabilities of exactly 0 or 1 (a saturated sigmoid)
     * give a finite loss, here (100 + 100 + ln 2) / 3 for the three elements. The gradient must stay
     * finite too, or one saturated sample turns every parameter into NaN.
     */
    @Test
    void binaryCrossEntropyOfSaturatedProbabilitiesIsFinite() {
        Tensor p = Tensor.of(new float[]{0f, 1f, 0.5f}, 3).requiresGrad(true);
        Tensor t = Tensor.of(new float[]{1f, 0f, 1f}, 3);
        Tensor loss = Functional.binaryCrossEntropy(p, t);
        assertEquals((200 + Math.log(2)) / 3, loss.item(), 1e-5);
        loss.backward();
        for (float g : p.grad().toArray()) assertTrue(Float.isFinite(g), "gradient " + Arrays.toString(p.grad().toArray()));
        // d/dp of -ln p / 3 at p = 0.5 is -2/3
        assertEquals(-2.0 / 3, p.grad().toArray()[2], 1e-6);
    }

    @Test
    void crossEntropyRejectsBadTargets() {
        Tensor logits = Tensor.zeros(2, 3);
        IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> Functional.crossEntropy(logits, new int[]{0, 3}));
        assertTrue(e.getMessage().contains("3"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Functional.crossEntropy(logits, new int[]{0}));
    }

    @Test
    void dropoutIsInvertedAndSeeded() {
        Tensor x = Tensor.ones(200, 50).requiresGrad(true);
        Tensor y = Functional.dropout(x, 0.25f, true, new Rng(7));
        float[] v = y.toArray();
        int zeros = 0;
        for (float f : v) {
            if (f == 0f) zeros++;
            else assertEquals(1 / 0.75f, f, 0f, "kept values are scaled by 1/(1-p)");
        }
        // 10000 Bernoulli(0.25) draws: standard deviation sqrt(n p (1-p)) ≈ 43; 5 sigma ≈ 220
        assertEquals(2500, zeros, 220);
        assertArrayEquals(v, Functional.dropout(Tensor.ones(200, 50), 0.25f, true, new Rng(7)).toArray(), "same seed, same mask");
        y.sum().backward();
        assertArrayEquals(v, x.grad().toArray(), "the gradient is the mask times 1/(1-p)");
        Tensor z = Tensor.ones(3);
        assertSame(z, Functional.dropout(z, 0.5f, false, new Rng(1)), "eval mode is the identity");
        assertSame(z, Functional.dropout(z, 0f, true, new Rng(1)), "p = 0 is the identity");
        assertThrows(IllegalArgumentException.class, () -> Functional.dropout(z, 1f, true, new Rng(1)));
    }
}
