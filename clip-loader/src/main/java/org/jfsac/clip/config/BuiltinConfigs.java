package org.jfsac.clip.config;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * OpenCLIP's model_configs for the ViTs we support, with OpenCLIP's numbers (src/open_clip/model_configs/*.json;
 * unlisted fields take the CLIPVisionCfg / CLIPTextCfg defaults: head_width 64, mlp_ratio 4, context 77, vocab 49408).
 */
final class BuiltinConfigs {
    private BuiltinConfigs() {}

    static final Map<String, ClipConfig> ALL = new LinkedHashMap<>();

    static {
        ALL.put("ViT-B-32-quickgelu", new ClipConfig(512, vit(224, 12, 768, 32), text(512, 8, 12), true));
        ALL.put("ViT-B-16", new ClipConfig(512, vit(224, 12, 768, 16), text(512, 8, 12), false));
        ALL.put("ViT-B-16-plus-240", new ClipConfig(640, vit(240, 12, 896, 16), text(640, 10, 12), false));
        ALL.put("ViT-L-14", new ClipConfig(768, vit(224, 24, 1024, 14), text(768, 12, 12), false));
    }

    private static VisionConfig vit(int imageSize, int layers, int width, int patchSize) {
        return new VisionConfig(imageSize, layers, width, VisionConfig.DEFAULT_HEAD_WIDTH, patchSize, VisionConfig.DEFAULT_MLP_RATIO);
    }

    private static TextConfig text(int width, int heads, int layers) {
        return new TextConfig(77, 49408, width, heads, layers, TextConfig.DEFAULT_MLP_RATIO);
    }
}
