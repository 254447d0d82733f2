package org.jfsac.clip.config;

/**
 * OpenCLIP's ViT image tower ({@code vision_cfg}). Heads are {@code width / headWidth}; the MLP
 * hidden width is {@code (int) (width * mlpRatio)}, as OpenCLIP computes it.
 */
public record VisionConfig(int imageSize, int layers, int width, int headWidth, int patchSize, double mlpRatio) {
    public static final int DEFAULT_HEAD_WIDTH = 64;
    public static final double DEFAULT_MLP_RATIO = 4.0;

    public VisionConfig {
        ClipConfig.requirePositive("vision_cfg", "image_size", imageSize);
        ClipConfig.requirePositive("vision_cfg", "layers", layers);
        ClipConfig.requirePositive("vision_cfg", "width", width);
        ClipConfig.requirePositive("vision_cfg", "head_width", headWidth);
        ClipConfig.requirePositive("vision_cfg", "patch_size", patchSize);
        if (!(mlpRatio > 0)) throw new IllegalArgumentException("vision_cfg.mlp_ratio must be positive, not " + mlpRatio);
        if (width % headWidth != 0) {
            throw new IllegalArgumentException("vision_cfg.width " + width + " is not a multiple of head_width " + headWidth);
        }
        if (patchSize > imageSize) {
            throw new IllegalArgumentException("vision_cfg.patch_size " + patchSize + " exceeds image_size " + imageSize);
        }
    }

    public int heads() { return width / headWidth; }

    /** Patches per side; OpenCLIP floors, so pixels past the last whole patch are ignored. */
    public int gridSize() { return imageSize / patchSize; }

    /** Tokens per image: the class token plus one per patch. */
    public int tokens() { return gridSize() * gridSize() + 1; }

    public int mlpWidth() { return (int) (width * mlpRatio); }
}
