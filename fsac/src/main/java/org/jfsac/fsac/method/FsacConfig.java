package org.jfsac.fsac.method;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.jfsac.fsac.synth.NaturalSyntheticAnomaly;

/**
 * Every hyper-parameter and switch of CLIP-FSAC++. Presets hold the paper's per-dataset values; where the
 * paper and the authors' code differ, both forms exist and the default is the code's (it produced the
 * published numbers), except where noted.
 */
public final class FsacConfig {
    /** Paper: Eq. 6–9 with the adapted text ψ everywhere. Code: raw T as keys/values/queries inside the attentions. */
    public enum Form {
        /** as the paper writes it */
        PAPER,
        /** as the authors' code does it */
        CODE
    }

    /** How synthetic anomalies are made from normal images. */
    public enum Synthesis {
        /** random rectangles of noise (the MVTec preset) */
        RANDOM_PERTURBATION,
        /** Natural Synthetic Anomalies: patches moved within the image with Poisson blending (the VisA preset) */
        NSA
    }

    /** How test images are scored; see {@link Scorer}. */
    public enum Scoring {
        /** each image alone: a score never depends on other test images */
        PER_IMAGE,
        /**
         * the authors' test loop: {@link #batchedScoringSize} sorted images at once, with the text prototypes adapted
         * once more per batch (their loop writes the text adapter's output back)
         */
        BATCHED,
        /** {@link #batchedScoringSize} images at once with the raw prototypes for every batch (not what the authors ran) */
        BATCHED_FIXED
    }

    /** Report the last epoch, or (labelled as such) the best epoch chosen on the test set as the authors did. */
    public enum EpochSelection {
        /** the last epoch */
        FINAL,
        /** the best epoch chosen on the test set (optimistic; labelled as such in reports) */
        BEST_ON_TEST
    }

    /** JFSAC: the defaults below. AUTHORS: every choice of the authors' train.py at once ({@link AuthorsProtocol}). */
    public enum Protocol {
        /** the defaults of this class */
        JFSAC,
        /** every choice of the authors' train.py ({@link AuthorsProtocol#apply}) */
        AUTHORS
    }

    /** CPE prompt set ({@link Prompts}). */
    public enum PromptSet {
        /** train.py's set: 7 normal and 4 anomalous states × 21 templates */
        FULL,
        /** exp.py's smaller set: 3 × 8 and 2 × 8 */
        EXP
    }

    /** Which protocol these settings follow (labels the report). */
    public Protocol protocol = Protocol.JFSAC;
    /** The preset these values started from ({@code mvtec} or {@code visa}); informational. */
    public String preset = "mvtec";
    /** Residual ratios (Eq. 4–5): AF = alpha1·A_f(F) + alpha2·F, AT = beta1·A_g(T) + beta2·T. */
    public double alpha1 = 0.4, alpha2 = 0.6, beta1 = 0.4, beta2 = 0.6;
    /**
     * Weight of the text→image term in CT = ψ + γ1·VT. The mvtec preset follows the authors' code, which produced
     * the published numbers: 0 (their MVTec line is {@code text_feature #+ 0.01*t_}, the term commented out); the
     * paper says 0.01 ({@code --gamma1 0.01}). The visa preset has 0.7 in both.
     */
    public double gamma1 = 0;
    /** Weight of the cross-entropy term in the loss. */
    public double gamma2 = 0.7;
    /** Temperature of the scores S± (Eq. 14–15). */
    public double tau = 0.07;
    /** Temperature of the contrastive terms in the code's loss. */
    public double codeLossTemperature = 0.99;
    /** How the anomaly descriptor attends (see {@link Form}). */
    public Form descriptorForm = Form.CODE;
    /** Which loss: the code's (contrastive terms on CT, CE on softmaxed scores) or the paper's Eq. 10–13. */
    public Form lossForm = Form.CODE;
    /** Adam learning rates: image adapter + descriptor, and text adapter. Code 5e-5 / 1e-5; paper 5e-4 / 1e-4. */
    public double lrImage = 5e-5, lrText = 1e-5;
    /** Training epochs. */
    public int epochs = 100;
    /** Normal images per step for k = 1, 2, 4, 8 (other k: the entry of the largest listed k below it). */
    public int[] batchSizes = {1, 2, 2, 2};
    /** How synthetic anomalies are made. */
    public Synthesis synthesis = Synthesis.RANDOM_PERTURBATION;
    /** Random perturbation: Gaussian noise (paper) instead of uniform 0–255 (code). */
    public boolean gaussianNoise = false;
    /** Random perturbation: place rectangles on the foreground only, for every class (overrides the table). */
    public boolean foregroundOnly = false;
    /**
     * Random perturbation: foreground-only placement per class name; key {@code "*"} is the default for classes
     * not listed (absent: off). Default: the authors' {@code SKIP_BACKGROUND} table ({@link #AUTHORS_FOREGROUND}).
     */
    public Map<String, Boolean> foregroundByClass = new TreeMap<>(AUTHORS_FOREGROUND);
    /** NSA paste: OpenCV 4.6's seamless clone as the authors' code calls it (default), or the textbook solve. */
    public NaturalSyntheticAnomaly.Paste paste = NaturalSyntheticAnomaly.Paste.OPENCV;
    /** 0: one fresh synthetic anomaly per normal image per step (faithful). N > 0: draw from a pool of N per image, encoded once. */
    public int synthesisPool = 0;
    /** How test images are scored. */
    public Scoring scoring = Scoring.PER_IMAGE;
    /** Images per group under {@link Scoring#BATCHED}. */
    public int batchedScoringSize = 16;
    /** Which epoch's head is reported. */
    public EpochSelection epochSelection = EpochSelection.FINAL;
    /** Ablations (Tables V–VII): the loss terms image→text, text→image and cross-entropy. */
    public boolean lossI2T = true, lossT2I = true, lossCE = true;
    /** Ablations (Tables V–VII): the descriptor's image→text and text→image attentions. */
    public boolean descriptorI2T = true, descriptorT2I = true;
    /** CPE prompt set: train.py's full set (default) or exp.py's smaller one. */
    public PromptSet prompts = PromptSet.FULL;
    /**
     * With BEST_ON_TEST: stop after this many epochs without a strict I-AUROC improvement and report the best
     * epoch seen (the authors: 10, train.py {@code if(flag == 10): break}); 0 searches every epoch.
     */
    public int bestEpochPatience = 0;
    /** Train on the shots in sorted file-name order every epoch (the authors' DataLoader never shuffles). */
    public boolean sortedOrder = false;
    /** The same k shots for every seed (drawn with seed 0), as the authors' fixed few-shot folders are. */
    public boolean fixedShots = false;
    /** Take the shots from this folder ({@code <dir>/<class>/train/good/} or {@code <dir>/<class>/k<k>.txt}); null: draw. */
    public String shotsFrom = null;

    /**
     * The authors' {@code SKIP_BACKGROUND} (data/anomaly_image_generate.py): which classes get foreground-only
     * random perturbation. MVTec AD: bottle, capsule, hazelnut, metal_nut, pill, toothbrush, zipper; VisA (used
     * only if random perturbation is chosen there): candle, capsules, cashew, chewinggum, fryum, macaroni1/2,
     * pipe_fryum. Every texture, the other objects and MPDD: off.
     */
    public static final Map<String, Boolean> AUTHORS_FOREGROUND = authorsForeground();

    private static Map<String, Boolean> authorsForeground() {
        Map<String, Boolean> m = new TreeMap<>();
        for (String c : new String[] {"carpet", "grid", "leather", "tile", "wood", "cable", "screw", "transistor",
                "bracket_black", "bracket_brown", "bracket_white", "connector", "metal_plate", "tubes", "pcb1",
                "pcb2", "pcb3", "pcb4"}) {
            m.put(c, false);
        }
        for (String c : new String[] {"bottle", "capsule", "hazelnut", "metal_nut", "pill", "toothbrush", "zipper",
                "candle", "capsules", "cashew", "chewinggum", "fryum", "macaroni1", "macaroni2", "pipe_fryum"}) {
            m.put(c, true);
        }
        return Map.copyOf(m);
    }

    /** Whether random perturbation places its rectangles on the foreground only for this class. */
    public boolean foregroundOnly(String className) {
        if (foregroundOnly) return true;
        Map<String, Boolean> table = foregroundByClass == null ? Map.of() : foregroundByClass;
        Boolean v = table.get(className);
        return v != null ? v : table.getOrDefault("*", false);
    }

    /**
     * Applies a foreground placement spec, comma-separated and in order: {@code authors} (the authors' table),
     * {@code none} (off everywhere), {@code all} (on everywhere), {@code CLASS=on|off}.
     */
    public FsacConfig withForeground(String spec) {
        Map<String, Boolean> m = new TreeMap<>(foregroundByClass == null ? Map.of() : foregroundByClass);
        for (String part : spec.split(",")) {
            String t = part.trim();
            switch (t) {
                case "authors" -> { m.clear(); m.putAll(AUTHORS_FOREGROUND); }
                case "none" -> m.clear();
                case "all" -> { m.clear(); m.put("*", true); }
                default -> {
                    int eq = t.indexOf('=');
                    String v = eq < 0 ? "" : t.substring(eq + 1);
                    if (eq <= 0 || !(v.equals("on") || v.equals("off"))) {
                        throw new IllegalArgumentException("foreground spec '" + t
                                + "': expected authors, none, all or CLASS=on|off");
                    }
                    m.put(t.substring(0, eq), v.equals("on"));
                }
            }
        }
        foregroundByClass = m;
        return this;
    }

    /** The paper's values for a dataset.
     *
     * @param name {@code mvtec} or {@code visa}
     * @return a new config
      */
    public static FsacConfig preset(String name) {
        FsacConfig c = new FsacConfig();
        switch (name.toLowerCase(Locale.ROOT)) {
            case "mvtec" -> { }
            case "visa" -> {
                c.preset = "visa";
                c.alpha1 = c.beta1 = 0.1;
                c.alpha2 = c.beta2 = 0.9;
                c.gamma1 = 0.7;
                c.batchSizes = new int[]{1, 1, 2, 2};
                c.synthesis = Synthesis.NSA;
            }
            default -> throw new IllegalArgumentException("unknown preset '" + name + "' (mvtec or visa)");
        }
        return c;
    }

    /** The paper's stated learning rates (5e-4 / 1e-4) instead of the code's. */
    public FsacConfig withPaperLearningRates() {
        lrImage = 5e-4;
        lrText = 1e-4;
        return this;
    }

    /** Normal images per training step for {@code shots} normal images (from {@link #batchSizes}, at most {@code shots}). */
    public int batchSize(int shots) {
        int[] ks = {1, 2, 4, 8};
        int b = batchSizes[0];
        for (int i = 0; i < ks.length && i < batchSizes.length; i++) if (shots >= ks[i]) b = batchSizes[i];
        return Math.max(1, Math.min(b, shots));
    }

    /** An independent copy. */
    public FsacConfig copy() { return fromJson(toJson()); }

    /** Refuses a configuration read from {@code file} whose real-valued hyper-parameters are not all finite, naming the field. */
    public void checkFinite(String file) throws org.jfsac.core.io.TensorFormatException {
        for (java.lang.reflect.Field f : FsacConfig.class.getFields()) {
            if (f.getType() != double.class || java.lang.reflect.Modifier.isStatic(f.getModifiers())) continue;
            try {
                org.jfsac.core.limits.Finite.check(file, "hyper-parameter " + f.getName(), f.getDouble(this));
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create();

    /** Every field as JSON (what saved heads and result folders record). */
    public String toJson() { return GSON.toJson(this); }

    /** A config from {@link #toJson()}'s output; missing fields keep their defaults. */
    public static FsacConfig fromJson(String json) {
        FsacConfig c = GSON.fromJson(json, FsacConfig.class);
        if (c == null) throw new IllegalArgumentException("empty FSAC config");
        return c;
    }
}
