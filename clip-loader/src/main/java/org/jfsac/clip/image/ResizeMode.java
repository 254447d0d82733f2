package org.jfsac.clip.image;

/** How an image is brought to the model's square input. */
public enum ResizeMode {
    /**
     * OpenCLIP's default: bicubic resize of the shorter side to S (the longer side becomes
     * {@code int(S * long / short)}, truncated), then the centre S×S crop.
     */
    SHORTEST_CENTER_CROP,
    /**
     * What the CLIP-FSAC++ authors used: convert to RGB ({@code Image.open(p).convert("RGB")} in their dataset
     * code), then bicubic resize straight to S×S, ignoring the aspect ratio.
     */
    SQUASH,
    /**
     * OpenCLIP's {@code resize_mode='squash'}: bicubic resize to S×S in the mode the file opens in, then convert
     * to RGB. The same as SQUASH except for palette, 1-bit, 16-bit grey and alpha images.
     */
    OPENCLIP_SQUASH
}
