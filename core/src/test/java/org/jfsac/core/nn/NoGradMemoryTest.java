package org.jfsac.core.nn;

import org.jfsac.core.backend.Backend;
import org.jfsac.core.backend.Devices;
import org.jfsac.core.random.Rng;
import org.jfsac.core.tensor.GradMode;
import org.jfsac.core.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.lang.ref.Reference;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Inference under noGrad keeps no graph: an intermediate activation of a small pre-norm transformer
 * stack becomes unreachable (and is collected) while the output is still held. The same forward with
 * gradients on keeps it alive through the graph, which shows the probe can tell the two apart.
 */
class NoGradMemoryTest {
    private static final Backend CPU = Devices.cpu();

    /** Pre-norm residual blocks as in CLIP's transformer: x + attn(ln1(x)), then x + mlp(ln2(x)). */
    private record Block(LayerNorm ln1, MultiheadAttention attn, LayerNorm ln2, Mlp mlp) {
        static Block create(int width, int heads, Rng rng) {
            return new Block(new LayerNorm(CPU, width), new MultiheadAttention(CPU, width, heads, rng),
                    new LayerNorm(CPU, width), new Mlp(CPU, width, 4 * width, width, Activation.GELU, rng));
        }
    }

    private record Run(Tensor output, WeakReference<Tensor> intermediate) {}

    /** A separate frame, so that no local variable of the test keeps an intermediate alive. */
    private static Run forward(List<Block> blocks, Tensor x) {
        WeakReference<Tensor> probe = null;
        Tensor h = x;
        for (Block b : blocks) {
            Tensor a = b.ln1.forward(h);
            if (probe == null) probe = new WeakReference<>(a);
            h = h.add(b.attn.forward(a, null, true));
            h = h.add(b.mlp.forward(b.ln2.forward(h)));
        }
        return new Run(h, probe);
    }

    private static boolean collectedWithin(WeakReference<?> ref, int attempts) throws InterruptedException {
        for (int i = 0; i < attempts && ref.get() != null; i++) {
            System.gc();
            Thread.sleep(10);
        }
        return ref.get() == null;
    }

    @Test
    void inferenceUnderNoGradKeepsNoGraph() throws InterruptedException {
        Rng rng = new Rng(4);
        List<Block> blocks = new ArrayList<>();
        for (int i = 0; i < 3; i++) blocks.add(Block.create(16, 2, rng));
        Tensor x = rng.normal(CPU, 0, 1, 2, 8, 16);

        Run inference;
        try (GradMode g = GradMode.noGrad()) {
            inference = forward(blocks, x);
        }
        assertFalse(inference.output.requiresGrad());
        assertTrue(inference.output.isLeaf(), "no graph node on the output");
        assertTrue(collectedWithin(inference.intermediate, 100), "an intermediate activation is still reachable after a noGrad forward");
        Reference.reachabilityFence(inference.output);

        Run training = forward(blocks, x);
        assertTrue(training.output.requiresGrad());
        assertFalse(collectedWithin(training.intermediate, 5), "with gradients on, the graph holds the activations for backward");
        assertNotNull(training.intermediate.get());
        Reference.reachabilityFence(training.output);
        // and once backward has run, the freed graph lets them go
        training.output.sum().backward();
        assertTrue(collectedWithin(training.intermediate, 100), "backward() frees the graph's saved tensors");
        Reference.reachabilityFence(training.output);
        assertNull(training.intermediate.get());
    }
}
