package org.jfsac.clip.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The tensor names and shapes of an OpenCLIP ViT state dict, in OpenCLIP's own order
 * ({@code model.state_dict()} of open_clip 2.x), and the check of a loaded state dict against them.
 */
final class OpenClipLayout {
    private OpenClipLayout() {}

    /**
     * Entries that may be present or absent: the causal mask buffer (non-persistent in OpenCLIP,
     * saved by older code) and the scalars OpenAI's original checkpoints carry.
     */
    static final Set<String> OPTIONAL = Set.of("attn_mask", "input_resolution", "context_length", "vocab_size");

    private static final int MAX_REPORTED = 3;

    static LinkedHashMap<String, int[]> expectedShapes(ClipConfig c) {
        VisionConfig v = c.vision();
        TextConfig t = c.text();
        LinkedHashMap<String, int[]> s = new LinkedHashMap<>();
        s.put("positional_embedding", new int[] {t.contextLength(), t.width()});
        s.put("text_projection", new int[] {t.width(), c.embedDim()});
        s.put("logit_scale", new int[] {});
        s.put("visual.class_embedding", new int[] {v.width()});
        s.put("visual.positional_embedding", new int[] {v.tokens(), v.width()});
        s.put("visual.proj", new int[] {v.width(), c.embedDim()});
        s.put("visual.conv1.weight", new int[] {v.width(), 3, v.patchSize(), v.patchSize()}); // conv1 has no bias
        layerNorm(s, "visual.ln_pre", v.width());
        for (int i = 0; i < v.layers(); i++) block(s, "visual.transformer.resblocks." + i, v.width(), v.mlpWidth());
        layerNorm(s, "visual.ln_post", v.width());
        for (int i = 0; i < t.layers(); i++) block(s, "transformer.resblocks." + i, t.width(), t.mlpWidth());
        s.put("token_embedding.weight", new int[] {t.vocabSize(), t.width()});
        layerNorm(s, "ln_final", t.width());
        return s;
    }

    private static void layerNorm(Map<String, int[]> s, String name, int width) {
        s.put(name + ".weight", new int[] {width});
        s.put(name + ".bias", new int[] {width});
    }

    private static void block(Map<String, int[]> s, String p, int width, int mlp) {
        layerNorm(s, p + ".ln_1", width);
        s.put(p + ".attn.in_proj_weight", new int[] {3 * width, width});
        s.put(p + ".attn.in_proj_bias", new int[] {3 * width});
        s.put(p + ".attn.out_proj.weight", new int[] {width, width});
        s.put(p + ".attn.out_proj.bias", new int[] {width});
        layerNorm(s, p + ".ln_2", width);
        s.put(p + ".mlp.c_fc.weight", new int[] {mlp, width});
        s.put(p + ".mlp.c_fc.bias", new int[] {mlp});
        s.put(p + ".mlp.c_proj.weight", new int[] {width, mlp});
        s.put(p + ".mlp.c_proj.bias", new int[] {width});
    }

    /** Every mismatch between the config's layout and the given shapes, one line each. */
    static List<String> problems(ClipConfig c, Map<String, int[]> actual) {
        List<String> out = new ArrayList<>();
        Map<String, int[]> expected = expectedShapes(c);
        expected.forEach((name, shape) -> {
            int[] got = actual.get(name);
            if (got == null) out.add("missing tensor '" + name + "' (expected " + Arrays.toString(shape) + ")");
            else if (!Arrays.equals(shape, got)) {
                out.add("tensor '" + name + "': expected " + Arrays.toString(shape) + " but the checkpoint has " + Arrays.toString(got));
            }
        });
        int[] mask = actual.get("attn_mask");
        int ctx = c.text().contextLength();
        if (mask != null && !Arrays.equals(mask, new int[] {ctx, ctx})) {
            out.add("tensor 'attn_mask': expected [" + ctx + ", " + ctx + "] but the checkpoint has " + Arrays.toString(mask));
        }
        actual.forEach((name, shape) -> {
            if (!expected.containsKey(name) && !OPTIONAL.contains(name)) {
                out.add("unexpected tensor '" + name + "' " + Arrays.toString(shape));
            }
        });
        return out;
    }

    static void validate(ClipConfig c, Map<String, int[]> actual) {
        List<String> p = problems(c, actual);
        if (p.isEmpty()) return;
        throw new IllegalArgumentException("state dict does not match the config: "
                + org.jfsac.core.errors.ErrorLine.summary(p, "problems", MAX_REPORTED));
    }
}
