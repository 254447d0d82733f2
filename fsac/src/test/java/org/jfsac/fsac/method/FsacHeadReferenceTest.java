package org.jfsac.fsac.method;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.jfsac.core.backend.Devices;
import org.jfsac.core.optim.Adam;
import org.jfsac.core.optim.ParamGroup;
import org.jfsac.core.random.Rng;
import org.jfsac.core.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The head, both loss forms, both descriptor forms and one Adam step against PyTorch
 * (src/test/resources/method/make_reference.py): the code forms are the authors' own ImageHead, TextHead
 * and xLoss run as their train.py runs them; the paper forms are Eq. 6–13 transcribed. Same weights, same inputs.
 */
class FsacHeadReferenceTest {
    /** Gradients at least this large (100 ε) give an Adam step that float32 rounding of the gradient cannot move. */
    static final double WELL_CONDITIONED_GRAD = 1e-6;

    static JsonObject ref() throws Exception {
        try (var in = FsacHeadReferenceTest.class.getResourceAsStream("/method/head_reference.json")) {
            return JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8)).getAsJsonObject();
        }
    }

    static float[] floats(JsonArray a) {
        float[] f = new float[a.size()];
        for (int i = 0; i < f.length; i++) f[i] = a.get(i).getAsFloat();
        return f;
    }

    static int[] ints(JsonArray a) {
        int[] f = new int[a.size()];
        for (int i = 0; i < f.length; i++) f[i] = a.get(i).getAsInt();
        return f;
    }

    /** A head of width c holding the weights of a {name: {shape, data}} object. */
    static FsacHead headWith(int c, JsonObject params) {
        FsacHead head = new FsacHead(Devices.cpu(), c, new Rng(0));
        Map<String, Tensor> weights = new LinkedHashMap<>();
        for (var e : params.entrySet()) {
            JsonObject p = e.getValue().getAsJsonObject();
            weights.put(e.getKey(), Tensor.of(Devices.cpu(), floats(p.getAsJsonArray("data")), ints(p.getAsJsonArray("shape"))));
        }
        head.loadStateDict(weights);
        return head;
    }

    /** ‖a − b‖ / ‖b‖ */
    static double relErr(float[] a, float[] b) {
        double num = 0, den = 0;
        for (int i = 0; i < a.length; i++) {
            num += (a[i] - (double) b[i]) * (a[i] - (double) b[i]);
            den += (double) b[i] * b[i];
        }
        return Math.sqrt(num / Math.max(den, 1e-300));
    }

    @Test
    void matchesPyTorchForwardGradientsAndOneAdamStep() throws Exception {
        JsonObject r = ref();
        int c = r.get("C").getAsInt(), pairs = r.get("pairs").getAsInt();
        for (var caseEl : r.getAsJsonArray("cases")) {
            JsonObject cs = caseEl.getAsJsonObject();
            FsacConfig cfg = new FsacConfig();
            cfg.alpha1 = r.get("alpha1").getAsDouble();
            cfg.alpha2 = r.get("alpha2").getAsDouble();
            cfg.beta1 = r.get("beta1").getAsDouble();
            cfg.beta2 = r.get("beta2").getAsDouble();
            cfg.gamma1 = r.get("gamma1").getAsDouble();
            cfg.gamma2 = r.get("gamma2").getAsDouble();
            cfg.tau = r.get("tau").getAsDouble();
            cfg.codeLossTemperature = r.get("code_temperature").getAsDouble();
            cfg.descriptorForm = FsacConfig.Form.valueOf(cs.get("descriptor_form").getAsString().toUpperCase());
            cfg.lossForm = FsacConfig.Form.valueOf(cs.get("loss_form").getAsString().toUpperCase());
            String label = cfg.descriptorForm + "/" + cfg.lossForm;

            FsacHead head = headWith(c, r.getAsJsonObject("params"));
            Tensor f = Tensor.of(Devices.cpu(), floats(r.getAsJsonArray("F")), 2 * pairs, c);
            Tensor t = Tensor.of(Devices.cpu(), floats(r.getAsJsonArray("T")), 2, c);

            FsacHead.Output out = head.forward(f, t, cfg);
            FsacLoss.Parts parts = FsacLoss.compute(out, pairs, cfg);
            // Forward: float32 on both sides, a few dozen ops deep: 1e-5 relative.
            assertTrue(relErr(out.cf().toArray(), floats(cs.getAsJsonArray("cf"))) < 1e-5, label + " CF");
            assertTrue(relErr(out.ct().toArray(), floats(cs.getAsJsonArray("ct"))) < 1e-5, label + " CT");
            assertTrue(relErr(out.scores().toArray(), floats(cs.getAsJsonArray("scores"))) < 1e-5, label + " scores");
            assertEquals(cs.get("total").getAsDouble(), parts.total().item(), 1e-5 * Math.abs(cs.get("total").getAsDouble()) + 1e-6, label + " loss");
            assertEquals(cs.get("contrastive").getAsDouble(), parts.contrastive().item(), 1e-5, label + " contrastive term as it enters the total");
            assertEquals(cs.get("i2t").getAsDouble(), parts.i2t().item(), 1e-5, label + " L_i2t");
            assertEquals(cs.get("t2i").getAsDouble(), parts.t2i().item(), 1e-5, label + " L_t2i");
            assertEquals(cs.get("ce").getAsDouble(), parts.ce().item(), 1e-5, label + " L_ce");

            Adam opt = Adam.adam(List.of(new ParamGroup(head.imageSideParameters(), r.get("lr_image").getAsDouble()),
                    new ParamGroup(head.textSideParameters(), r.get("lr_text").getAsDouble())));
            opt.zeroGrad();
            parts.total().backward();
            Map<String, Tensor> named = head.namedParameters();
            JsonObject grads = cs.getAsJsonObject("grads64");
            for (var e : named.entrySet()) {
                // float32 autograd vs float64 gradients (verified against finite differences by the script):
                // 1e-4 relative covers float32 rounding through the softmaxes and normalisations.
                double err = relErr(e.getValue().grad().toArray(), floats(grads.getAsJsonArray(e.getKey())));
                assertTrue(err < 1e-4, label + " grad " + e.getKey() + " rel err " + err);
            }
            Map<String, float[]> before = new LinkedHashMap<>(), myGrad = new LinkedHashMap<>();
            named.forEach((k, v) -> { before.put(k, v.toArray()); myGrad.put(k, v.grad().toArray()); });
            opt.step();
            JsonObject after = cs.getAsJsonObject("after_step");
            for (var e : named.entrySet()) {
                String k = e.getKey();
                float[] mine = e.getValue().toArray(), theirs = floats(after.getAsJsonArray(k));
                float[] refGrad = floats(grads.getAsJsonArray(k)), w0 = before.get(k), g = myGrad.get(k);
                double lr = k.startsWith("text_adapter") ? r.get("lr_text").getAsDouble() : r.get("lr_image").getAsDouble();
                for (int i = 0; i < mine.length; i++) {
                    if (Math.abs(refGrad[i]) >= WELL_CONDITIONED_GRAD) {
                        // Adam's first step moves each weight by ~lr; 1e-6 absolute is float32 rounding of the weights.
                        assertEquals(theirs[i], mine[i], 1e-6, label + " after Adam " + k + "[" + i + "]");
                    } else {
                        // A first step moves by lr·g/(|g| + ε): for |g| near ε = 1e-8 that follows the float32
                        // rounding of g itself, so here the step must be Adam's on our own (checked) gradient.
                        double expected = w0[i] - lr * g[i] / (Math.abs(g[i]) + 1e-8);
                        assertEquals(expected, mine[i], 1e-6, label + " after Adam (gradient near ε) " + k + "[" + i + "]");
                    }
                }
            }
        }
    }
}
