package org.jfsac.clip.config;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;

import java.util.Map;

/**
 * The OpenCLIP model-config JSON schema. Missing fields take OpenCLIP's dataclass defaults. Options
 * that change the architecture away from the plain CLIP ViT (ResNet or timm/HF towers, layer scale,
 * attentional pooling, CoCa, SigLIP bias...) are refused rather than silently ignored.
 */
final class ClipConfigJson {
    private ClipConfigJson() {}

    /** Fields that must keep OpenCLIP's default value (as JSON) for the model to be a plain CLIP ViT. */
    private static final Map<String, String> VISION_FIXED = Map.of(
            "ls_init_value", "null", "attentional_pool", "false", "no_ln_pre", "false",
            "final_ln_after_pool", "false", "pool_type", "\"tok\"", "pos_embed_type", "\"learnable\"",
            "timm_model_name", "null", "act_kwargs", "null", "norm_kwargs", "null");
    private static final Map<String, String> TEXT_FIXED = Map.of(
            "ls_init_value", "null", "embed_cls", "false", "no_causal_mask", "false", "pool_type", "\"argmax\"",
            "proj_bias", "false", "proj_type", "\"linear\"", "hf_model_name", "null", "act_kwargs", "null", "norm_kwargs", "null");
    private static final Map<String, String> TOP_FIXED = Map.of(
            "multimodal_cfg", "null", "init_logit_bias", "null", "custom_text", "false");

    static ClipConfig parse(String json, String source) {
        try {
            JsonElement root = JsonParser.parseString(json);
            if (!root.isJsonObject()) throw new IllegalArgumentException("top level is not a JSON object");
            JsonObject o = root.getAsJsonObject();
            requireDefaults(o, TOP_FIXED, "");
            return new ClipConfig(
                    integer(o, "embed_dim", null),
                    vision(object(o, "vision_cfg")),
                    text(object(o, "text_cfg")),
                    bool(o, "quick_gelu", false));
        } catch (JsonParseException | IllegalArgumentException | IllegalStateException | UnsupportedOperationException e) {
            throw new IllegalArgumentException("OpenCLIP config " + source + ": " + e.getMessage(), e);
        }
    }

    private static VisionConfig vision(JsonObject v) {
        requireDefaults(v, VISION_FIXED, "vision_cfg.");
        if (v.has("layers") && v.get("layers").isJsonArray()) {
            throw new IllegalArgumentException("vision_cfg.layers is a list: ModifiedResNet image towers are not supported");
        }
        return new VisionConfig(
                imageSize(v),
                integer(v, "layers", 12),
                integer(v, "width", 768),
                integer(v, "head_width", VisionConfig.DEFAULT_HEAD_WIDTH),
                integer(v, "patch_size", 16),
                number(v, "mlp_ratio", VisionConfig.DEFAULT_MLP_RATIO));
    }

    private static TextConfig text(JsonObject t) {
        requireDefaults(t, TEXT_FIXED, "text_cfg.");
        return new TextConfig(
                integer(t, "context_length", 77),
                integer(t, "vocab_size", 49408),
                integer(t, "width", 512),
                integer(t, "heads", 8),
                integer(t, "layers", 12),
                number(t, "mlp_ratio", TextConfig.DEFAULT_MLP_RATIO));
    }

    /** image_size may be an int or a [h, w] pair; only square images are supported. */
    private static int imageSize(JsonObject v) {
        JsonElement e = v.get("image_size");
        if (e != null && e.isJsonArray()) {
            var a = e.getAsJsonArray();
            if (a.size() != 2 || a.get(0).getAsInt() != a.get(1).getAsInt()) {
                throw new IllegalArgumentException("vision_cfg.image_size " + a + " is not square");
            }
            return a.get(0).getAsInt();
        }
        return integer(v, "image_size", 224);
    }

    static String toJson(ClipConfig c) {
        JsonObject v = new JsonObject();
        v.addProperty("image_size", c.vision().imageSize());
        v.addProperty("layers", c.vision().layers());
        v.addProperty("width", c.vision().width());
        v.addProperty("head_width", c.vision().headWidth());
        v.addProperty("patch_size", c.vision().patchSize());
        v.addProperty("mlp_ratio", c.vision().mlpRatio());
        JsonObject t = new JsonObject();
        t.addProperty("context_length", c.text().contextLength());
        t.addProperty("vocab_size", c.text().vocabSize());
        t.addProperty("width", c.text().width());
        t.addProperty("heads", c.text().heads());
        t.addProperty("layers", c.text().layers());
        t.addProperty("mlp_ratio", c.text().mlpRatio());
        JsonObject o = new JsonObject();
        o.addProperty("embed_dim", c.embedDim());
        o.addProperty("quick_gelu", c.quickGelu());
        o.add("vision_cfg", v);
        o.add("text_cfg", t);
        return new GsonBuilder().setPrettyPrinting().create().toJson(o);
    }

    private static void requireDefaults(JsonObject o, Map<String, String> fixed, String path) {
        fixed.forEach((key, json) -> {
            if (o.has(key) && !o.get(key).equals(JsonParser.parseString(json))) {
                throw new IllegalArgumentException(path + key + " = " + o.get(key)
                        + " changes the architecture and is not supported (only " + json + ")");
            }
        });
    }

    private static JsonObject object(JsonObject o, String key) {
        JsonElement e = o.get(key);
        if (e == null || !e.isJsonObject()) throw new IllegalArgumentException("'" + key + "' is missing or not an object");
        return e.getAsJsonObject();
    }

    private static int integer(JsonObject o, String key, Integer fallback) {
        JsonElement e = o.get(key);
        if (e == null || e.isJsonNull()) {
            if (fallback == null) throw new IllegalArgumentException("'" + key + "' is missing");
            return fallback;
        }
        if (!(e instanceof JsonPrimitive p) || !p.isNumber()) throw new IllegalArgumentException("'" + key + "' is not a number: " + e);
        double d = p.getAsDouble();
        if (d != Math.rint(d) || Math.abs(d) > Integer.MAX_VALUE) throw new IllegalArgumentException("'" + key + "' is not an integer: " + e);
        return (int) d;
    }

    private static double number(JsonObject o, String key, double fallback) {
        JsonElement e = o.get(key);
        if (e == null || e.isJsonNull()) return fallback;
        if (!(e instanceof JsonPrimitive p) || !p.isNumber()) throw new IllegalArgumentException("'" + key + "' is not a number: " + e);
        return p.getAsDouble();
    }

    private static boolean bool(JsonObject o, String key, boolean fallback) {
        JsonElement e = o.get(key);
        if (e == null || e.isJsonNull()) return fallback;
        if (!(e instanceof JsonPrimitive p) || !p.isBoolean()) throw new IllegalArgumentException("'" + key + "' is not a boolean: " + e);
        return p.getAsBoolean();
    }
}
