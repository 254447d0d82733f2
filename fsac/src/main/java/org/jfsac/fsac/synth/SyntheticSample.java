package org.jfsac.fsac.synth;

import org.jfsac.clip.image.RgbImage;

import java.util.List;

/**
 * A synthetic anomaly: the altered image, the mask of altered pixels, and the boxes where anomalies were placed
 * (one per placed rectangle or patch; empty when every placement attempt was rejected).
 */
public record SyntheticSample(RgbImage image, Mask mask, List<Box> regions) {
    public SyntheticSample {
        regions = List.copyOf(regions);
    }

    public boolean hasAnomaly() {
        return !mask.isEmpty();
    }
}
