package org.jfsac.fsac.method;

import java.util.ArrayList;
import java.util.List;

/**
 * WinCLIP's compositional prompt ensemble (CPE), as CLIP-FSAC++ uses it: 7 normal and 4 anomalous
 * state words × 21 templates (one repeated on purpose: it weights the average).
 */
public final class Prompts {
    private Prompts() {}

    public static final List<String> NORMAL_STATES = List.of(
            "{}", "flawless {}", "perfect {}", "unblemished {}", "{} without flaw", "{} without defect", "{} without damage");

    public static final List<String> ANOMALOUS_STATES = List.of(
            "damaged {}", "{} with flaw", "{} with defect", "{} with damage");

    public static final List<String> TEMPLATES = List.of(
            "a cropped photo of the {}.", "a close-up photo of a {}.", "a close-up photo of the {}.",
            "a bright photo of a {}.", "a bright photo of the {}.", "a dark photo of the {}.", "a dark photo of a {}.",
            "a jpeg corrupted photo of the {}.", "a jpeg corrupted photo of the {}.", "a blurry photo of the {}.",
            "a blurry photo of a {}.", "a photo of a {}.", "a photo of the {}.", "a photo of a small {}.",
            "a photo of the small {}.", "a photo of a large {}.", "a photo of the large {}.",
            "a photo of the {} for visual inspection.", "a photo of a {} for visual inspection.",
            "a photo of the {} for anomaly detection.", "a photo of a {} for anomaly detection.");

    /** Every template × state sentence for one class (147 normal or 84 anomalous), states outer, templates inner. */
    public static List<String> sentences(String className, boolean anomalous) {
        List<String> out = new ArrayList<>();
        for (String state : anomalous ? ANOMALOUS_STATES : NORMAL_STATES) {
            String phrase = state.replace("{}", className);
            for (String t : TEMPLATES) out.add(t.replace("{}", phrase));
        }
        return out;
    }
}
