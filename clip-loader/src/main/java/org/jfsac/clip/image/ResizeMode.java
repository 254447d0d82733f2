package org.jfsac.clip.image;

/** How an image is brought to the model's square input. */
public enum ResizeMode {
    /**
     * OpenCLIP's default: bicubic resize of the shorter side to S (the longer side becomes
     * {@code int(S * long / short)}, truncated), then the centre S×S crop.
     */
    SHORTEST_CENTER_CROP,
    /** Bicubic resize straight to S×S, ignoring the aspect ratio (what the CLIP-FSAC++ authors used). */
    SQUASH
}
