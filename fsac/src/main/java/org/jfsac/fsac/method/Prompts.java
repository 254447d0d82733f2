package org.jfsac.fsac.method;

import java.util.ArrayList;
import java.util.List;

/**
 * WinCLIP's compositional prompt ensemble (CPE), as CLIP-FSAC++ uses it. FULL (the authors' train.py): 7 normal
 * and 4 anomalous state words × 21 templates (one repeated on purpose: it weights the average). EXP (the
 * authors' exp.py, which their train_exp.sh runs for VisA 1-shot): 3 normal and 2 anomalous states × 8 templates.
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

    /** exp.py's states and templates (the others are commented out there). */
    public static final List<String> EXP_NORMAL_STATES = List.of("perfect {}", "{} without defect", "{} without damage");

    public static final List<String> EXP_ANOMALOUS_STATES = List.of("damaged {}", "{} with flaw");

    public static final List<String> EXP_TEMPLATES = List.of(
            "a cropped photo of the {}.", "a close-up photo of a {}.", "a bright photo of a {}.",
            "a jpeg corrupted photo of the {}.", "a photo of a {}.", "a photo of a small {}.",
            "a photo of a {} for visual inspection.", "a photo of a {} for anomaly detection.");

    /** Every template × state sentence of the FULL set for one class (147 normal or 84 anomalous). */
    public static List<String> sentences(String className, boolean anomalous) {
        return sentences(className, anomalous, FsacConfig.PromptSet.FULL);
    }

    /** Every template × state sentence of a set for one class, states outer, templates inner (the mean ignores order). */
    public static List<String> sentences(String className, boolean anomalous, FsacConfig.PromptSet set) {
        boolean exp = set == FsacConfig.PromptSet.EXP;
        List<String> states = anomalous ? (exp ? EXP_ANOMALOUS_STATES : ANOMALOUS_STATES) : (exp ? EXP_NORMAL_STATES : NORMAL_STATES);
        List<String> out = new ArrayList<>();
        for (String state : states) {
            String phrase = state.replace("{}", className);
            for (String t : exp ? EXP_TEMPLATES : TEMPLATES) out.add(t.replace("{}", phrase));
        }
        return out;
    }
}
