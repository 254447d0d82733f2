package org.jfsac.core.nn;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import org.jfsac.core.backend.Backend;
import org.jfsac.core.backend.Devices;
import org.jfsac.core.random.Rng;
import org.jfsac.core.tensor.Tensor;
import org.jfsac.core.testing.TorchReference;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.jfsac.core.testing.TorchReference.assertClose;
import static org.jfsac.core.testing.TorchReference.tensor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Parameter names, state dicts, init ranges, and multi-head attention against PyTorch's module. */
class ModuleTest {
    private static final Backend CPU = Devices.cpu();

    @Test
    void parameterNamesFollowPyTorch() {
        Mlp mlp = new Mlp(CPU, 4, 16, 4, Activation.QUICK_GELU, new Rng(1));
        assertEquals(List.of("c_fc.weight", "c_fc.bias", "c_proj.weight", "c_proj.bias"), List.copyOf(mlp.stateDict().keySet()));
        MultiheadAttention mha = new MultiheadAttention(CPU, 8, 2, new Rng(1));
        assertEquals(List.of("in_proj_weight", "in_proj_bias", "out_proj.weight", "out_proj.bias"), List.copyOf(mha.stateDict().keySet()));
        // nn.MultiheadAttention(8, 2): 3·8·8 + 3·8 + 8·8 + 8 parameters
        assertEquals(3 * 64 + 24 + 64 + 8, mha.parameterCount());
        for (Tensor p : mha.parameters()) assertTrue(p.requiresGrad() && p.isLeaf());
    }

    /** nn.ModuleList names children 0, 1, 2… so nested keys read like PyTorch's resblocks.0.… */
    @Test
    void moduleListNamesChildrenByIndex() {
        ModuleList<LayerNorm> list = new ModuleList<>(CPU);
        list.add(new LayerNorm(CPU, 2));
        list.add(new LayerNorm(CPU, 2));
        assertEquals(List.of("0.weight", "0.bias", "1.weight", "1.bias"), List.copyOf(list.stateDict().keySet()));
        assertEquals(2, list.size());
        assertSame(list.get(0), list.iterator().next());
    }

    /** nn.Linear's init: weight and bias uniform in ±1/sqrt(in). */
    @Test
    void linearInitRange() {
        Linear l = new Linear(CPU, 64, 32, true, new Rng(3));
        double bound = 1 / Math.sqrt(64);
        float max = 0;
        for (float v : l.weight.toArray()) max = Math.max(max, Math.abs(v));
        assertTrue(max <= bound && max > 0.9 * bound, "max |w| " + max + " for bound " + bound);
        for (float v : l.bias.toArray()) assertTrue(Math.abs(v) <= bound);
    }

    @Test
    void loadStateDictIsStrictAndNamesTheProblem() {
        LayerNorm ln = new LayerNorm(CPU, 4);
        Map<String, Tensor> sd = new HashMap<>();
        sd.put("weight", Tensor.ones(4));
        sd.put("bias", Tensor.zeros(5));
        sd.put("extra", Tensor.zeros(1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ln.loadStateDict(sd));
        assertTrue(e.getMessage().contains("bias") && e.getMessage().contains("[4]") && e.getMessage().contains("[5]"), e.getMessage());
        assertTrue(e.getMessage().contains("unexpected extra"), e.getMessage());
        sd.remove("extra");
        sd.remove("bias");
        e = assertThrows(IllegalArgumentException.class, () -> ln.loadStateDict(sd));
        assertTrue(e.getMessage().contains("missing bias"), e.getMessage());
    }

    /**
     * torch.nn.MultiheadAttention(8, 2, batch_first=True) with its state dict loaded by name: outputs
     * without a mask, with an additive float mask and with a causal (-inf) mask. Tolerance 2e-6: about
     * four float32 GEMMs and a softmax deep with inner dimensions ≤ 24 on O(1) values, where the two
     * libraries' summation orders differ (observed < 3e-7).
     */
    @Test
    void multiheadAttentionMatchesPyTorch() {
        int heads = (int) TorchReference.number("mha.heads");
        MultiheadAttention mha = new MultiheadAttention(CPU, 8, heads, new Rng(0));
        Map<String, Tensor> sd = new HashMap<>();
        for (Map.Entry<String, JsonElement> e : ((JsonObject) TorchReference.get("mha.state_dict")).entrySet())
            sd.put(e.getKey(), tensor(e.getValue().getAsJsonObject()));
        mha.loadStateDict(sd);
        Tensor x = tensor("mha.x");
        assertClose("mha.y", mha.forward(x, null, false), 2e-6);
        assertClose("mha.y_mask", mha.forward(x, tensor("mha.mask"), false), 2e-6);
        assertClose("mha.y_causal", mha.forward(x, null, true), 2e-6);
    }
}
