package org.jfsac.core.tensor;

import org.junit.jupiter.api.Test;

import static org.jfsac.core.testing.TorchReference.assertClose;
import static org.jfsac.core.testing.TorchReference.floats;
import static org.jfsac.core.testing.TorchReference.ints;
import static org.jfsac.core.testing.TorchReference.number;
import static org.jfsac.core.testing.TorchReference.tensor;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Forward values against independent numbers: PyTorch 1.13 outputs (reference/torch_reference.json,
 * made by make_torch_reference.py) and a few hand-derived identities.
 *
 * <p>Tolerance 1e-6·max(1, |value|): both PyTorch and this library produce float32 results within about
 * one ulp (2^-24 ≈ 6e-8 relative) of the exact value for these single-row ops; the short rows here add
 * a few roundings at most, so 1e-6 is a safe bound while any formula difference (tanh-GELU instead of
 * erf-GELU differs by up to 4.7e-4, unbiased instead of biased variance by ~10%) fails.
 */
class KnownValuesTest {
    private static final double TOL = 1e-6;

    @Test
    void softmaxMatchesPyTorch() {
        Tensor x = tensor("softmax.x");
        assertClose("softmax.dim1", x.softmax(1), TOL);
        assertClose("softmax.dim0", x.softmax(0), TOL);
        assertClose("softmax.log_dim1", x.logSoftmax(-1), TOL);
        assertClose("softmax.log_dim0", x.logSoftmax(0), TOL);
    }

    /** softmax(ln 1, ln 2, ln 3) = (1, 2, 3) / 6 exactly; adding a constant changes nothing. */
    @Test
    void softmaxHandDerived() {
        float[] x = {0f, (float) Math.log(2), (float) Math.log(3)};
        assertArrayEquals(new float[]{1 / 6f, 2 / 6f, 3 / 6f}, Tensor.of(x, 3).softmax(0).toArray(), 1e-7f);
        // exp(1000) overflows float and double: the max must be subtracted first
        assertArrayEquals(new float[]{0.5f, 0.5f, 1f, 0f}, Tensor.of(new float[]{1000, 1000, 1000, -1000}, 2, 2).softmax(1).toArray(), 0f);
    }

    @Test
    void layerNormMatchesPyTorch() {
        Tensor x = tensor("layer_norm.x");
        float eps = (float) number("layer_norm.eps");
        assertClose("layer_norm.y", x.layerNorm(tensor("layer_norm.weight"), tensor("layer_norm.bias"), eps), TOL);
        assertClose("layer_norm.y_plain", x.layerNorm(null, null, eps), TOL);
    }

    /** Row (1, 2, 3): mean 2, biased variance 2/3, so y = (x - 2) / sqrt(2/3 + eps). */
    @Test
    void layerNormHandDerived() {
        double s = Math.sqrt(2.0 / 3 + 1e-5);
        float[] y = Tensor.of(new float[]{1, 2, 3}, 1, 3).layerNorm(null, null, 1e-5f).toArray();
        assertArrayEquals(new float[]{(float) (-1 / s), 0f, (float) (1 / s)}, y, 2e-7f);
    }

    @Test
    void activationsMatchPyTorch() {
        Tensor x = tensor("activations.x");
        assertClose("activations.gelu", x.gelu(), TOL);
        assertClose("activations.quick_gelu", x.quickGelu(), TOL);
        assertClose("activations.sigmoid", x.sigmoid(), TOL);
        assertClose("activations.tanh", x.tanh(), TOL);
    }

    /**
     * GELU(x) = x·Φ(x) with Φ the standard normal CDF; Φ(1) = 0.8413447460685429 and Φ(2) =
     * 0.9772498680518208 (normal tables), so GELU(1), GELU(-1) = -(1 - Φ(1)), GELU(2) follow.
     */
    @Test
    void geluHandDerived() {
        float[] y = Tensor.of(new float[]{1, -1, 2, 0}, 4).gelu().toArray();
        assertArrayEquals(new float[]{0.8413447460685429f, -0.15865525393145707f, 2 * 0.9772498680518208f, 0f}, y, 1e-7f);
    }

    @Test
    void normalizeAndCosineMatchPyTorch() {
        Tensor a = tensor("normalize.a"), b = tensor("normalize.b");
        assertClose("normalize.l2", a.l2Normalize(1), TOL);
        assertClose("normalize.cos", Tensor.cosineSimilarity(a, b, 1), TOL);
    }

    @Test
    void lossesAndTheirGradientsMatchPyTorch() {
        Tensor logits = tensor("losses.logits").requiresGrad(true);
        Tensor ce = Functional.crossEntropy(logits, ints("losses.targets"));
        assertEquals(number("losses.ce"), ce.item(), TOL);
        ce.backward();
        assertClose("losses.ce_grad", logits.grad(), TOL);

        Tensor p = tensor("losses.p").requiresGrad(true);
        Tensor bce = Functional.binaryCrossEntropy(p, tensor("losses.t"));
        assertEquals(number("losses.bce"), bce.item(), TOL * Math.abs(number("losses.bce")));
        bce.backward();
        assertClose("losses.bce_grad", floats("losses.bce_grad"), p.grad().toArray(), TOL);
    }
}
