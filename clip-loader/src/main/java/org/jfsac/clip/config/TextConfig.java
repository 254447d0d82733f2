package org.jfsac.clip.config;

/** OpenCLIP's text tower ({@code text_cfg}); the MLP hidden width is {@code (int) (width * mlpRatio)}. */
public record TextConfig(int contextLength, int vocabSize, int width, int heads, int layers, double mlpRatio) {
    public static final double DEFAULT_MLP_RATIO = 4.0;

    public TextConfig {
        ClipConfig.requirePositive("text_cfg", "context_length", contextLength);
        ClipConfig.requirePositive("text_cfg", "vocab_size", vocabSize);
        ClipConfig.requirePositive("text_cfg", "width", width);
        ClipConfig.requirePositive("text_cfg", "heads", heads);
        ClipConfig.requirePositive("text_cfg", "layers", layers);
        if (!(mlpRatio > 0)) throw new IllegalArgumentException("text_cfg.mlp_ratio must be positive, not " + mlpRatio);
        if (width % heads != 0) {
            throw new IllegalArgumentException("text_cfg.width " + width + " is not a multiple of heads " + heads);
        }
    }

    public int headWidth() { return width / heads; }

    public int mlpWidth() { return (int) (width * mlpRatio); }
}
