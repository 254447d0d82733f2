package org.jfsac.clip.config;

import org.jfsac.core.io.HostTensor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * An OpenCLIP ViT model config: the JSON schema of OpenCLIP's {@code model_configs/*.json}
 * ({@code embed_dim}, {@code vision_cfg}, {@code text_cfg}, {@code quick_gelu}).
 */
public record ClipConfig(int embedDim, VisionConfig vision, TextConfig text, boolean quickGelu) {

    public ClipConfig {
        requirePositive("", "embed_dim", embedDim);
        if (vision == null || text == null) throw new IllegalArgumentException("vision_cfg and text_cfg are required");
    }

    static void requirePositive(String section, String field, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException((section.isEmpty() ? "" : section + ".") + field + " must be positive, not " + value);
        }
    }

    /** Parses OpenCLIP config JSON; {@code source} (a file name, say) is named in errors. */
    public static ClipConfig parse(String json, String source) {
        return ClipConfigJson.parse(json, source);
    }

    public static ClipConfig read(Path file) throws IOException {
        return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    }

    /** OpenCLIP config JSON with every field written out (defaults included). */
    public String toJson() {
        return ClipConfigJson.toJson(this);
    }

    public static Set<String> builtinNames() {
        return BuiltinConfigs.ALL.keySet();
    }

    public static ClipConfig builtin(String name) {
        ClipConfig c = BuiltinConfigs.ALL.get(name);
        if (c == null) throw new IllegalArgumentException("no built-in config '" + name + "'; known: " + builtinNames());
        return c;
    }

    /** The same config with other attention head splits (they cannot be read from weights). */
    public ClipConfig withHeads(int visionHeadWidth, int textHeads) {
        VisionConfig v = vision;
        TextConfig t = text;
        return new ClipConfig(embedDim,
                new VisionConfig(v.imageSize(), v.layers(), v.width(), visionHeadWidth, v.patchSize(), v.mlpRatio()),
                new TextConfig(t.contextLength(), t.vocabSize(), t.width(), textHeads, t.layers(), t.mlpRatio()),
                quickGelu);
    }

    public ClipConfig withQuickGelu(boolean quick) {
        return new ClipConfig(embedDim, vision, text, quick);
    }

    /**
     * Derives the config from a state dict's shapes. {@code nameHint} (e.g. the checkpoint's file
     * name) decides QuickGELU, which weights cannot show; see {@link InferredConfig#notes()}.
     */
    public static InferredConfig infer(Map<String, HostTensor> stateDict, String nameHint) {
        return ConfigInference.infer(shapes(stateDict), nameHint);
    }

    public static InferredConfig inferFromShapes(Map<String, int[]> shapes, String nameHint) {
        return ConfigInference.infer(shapes, nameHint);
    }

    /** Every tensor an OpenCLIP state dict for this config holds, with its shape, in OpenCLIP's order. */
    public LinkedHashMap<String, int[]> expectedShapes() {
        return OpenClipLayout.expectedShapes(this);
    }

    /**
     * Checks that the state dict has exactly the tensors this config needs, with the right shapes
     * ({@code attn_mask} and OpenAI's scalar entries may be present or not). The exception lists
     * every problem, naming each tensor with the expected and the actual shape.
     */
    public void validate(Map<String, HostTensor> stateDict) {
        OpenClipLayout.validate(this, shapes(stateDict));
    }

    public void validateShapes(Map<String, int[]> shapes) {
        OpenClipLayout.validate(this, shapes);
    }

    private static Map<String, int[]> shapes(Map<String, HostTensor> stateDict) {
        Map<String, int[]> s = new LinkedHashMap<>();
        stateDict.forEach((k, v) -> s.put(k, v.shape()));
        return s;
    }
}
