package org.jfsac.fsac.method;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;

import java.util.Locale;

/**
 * Every hyper-parameter and switch of CLIP-FSAC++. Presets hold the paper's per-dataset values; where the
 * paper and the authors' code differ, both forms exist and the default is the code's (it produced the
 * published numbers), except where noted.
 */
public final class FsacConfig {
    /** Paper: Eq. 6–9 with the adapted text ψ everywhere. Code: raw T as keys/values/queries inside the attentions. */
    public enum Form { PAPER, CODE }

    public enum Synthesis { RANDOM_PERTURBATION, NSA }

    /** Per image (a score never depends on other test images) or the authors' 16 sorted images at once. */
    public enum Scoring { PER_IMAGE, BATCHED }

    /** Report the last epoch, or (labelled as such) the best epoch chosen on the test set as the authors did. */
    public enum EpochSelection { FINAL, BEST_ON_TEST }

    public String preset = "mvtec";
    // Residual ratios (Eq. 4–5): AF = alpha1*A_f(F) + alpha2*F, AT = beta1*A_g(T) + beta2*T.
    public double alpha1 = 0.4, alpha2 = 0.6, beta1 = 0.4, beta2 = 0.6;
    /** Weight of the text→image term in CT = ψ + γ1·VT. */
    public double gamma1 = 0.01;
    /** Weight of the cross-entropy term in the loss. */
    public double gamma2 = 0.7;
    /** Temperature of the scores S± (Eq. 14–15). */
    public double tau = 0.07;
    /** Temperature of the contrastive terms in the code's loss. */
    public double codeLossTemperature = 0.99;
    public Form descriptorForm = Form.CODE;
    public Form lossForm = Form.CODE;
    /** Adam learning rates: image adapter + descriptor, and text adapter. Code 5e-5 / 1e-5; paper 5e-4 / 1e-4. */
    public double lrImage = 5e-5, lrText = 1e-5;
    public int epochs = 100;
    /** Normal images per step for k = 1, 2, 4, 8 (other k: the entry of the largest listed k below it). */
    public int[] batchSizes = {1, 2, 2, 2};
    public Synthesis synthesis = Synthesis.RANDOM_PERTURBATION;
    /** Random perturbation: Gaussian noise (paper) instead of uniform 0–255 (code). */
    public boolean gaussianNoise = false;
    /** Random perturbation: place rectangles on the foreground only (object classes). */
    public boolean foregroundOnly = false;
    /** 0: one fresh synthetic anomaly per normal image per step (faithful). N > 0: draw from a pool of N per image, encoded once. */
    public int synthesisPool = 0;
    public Scoring scoring = Scoring.PER_IMAGE;
    public int batchedScoringSize = 16;
    public EpochSelection epochSelection = EpochSelection.FINAL;
    // Ablations (Tables V–VII).
    public boolean lossI2T = true, lossT2I = true, lossCE = true;
    public boolean descriptorI2T = true, descriptorT2I = true;
    /** Preprocessing: "squash" (the authors') or "shortest" (OpenCLIP's resize + centre crop). */
    public String resize = "squash";

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

    public int batchSize(int shots) {
        int[] ks = {1, 2, 4, 8};
        int b = batchSizes[0];
        for (int i = 0; i < ks.length && i < batchSizes.length; i++) if (shots >= ks[i]) b = batchSizes[i];
        return Math.max(1, Math.min(b, shots));
    }

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

    public String toJson() { return GSON.toJson(this); }

    public static FsacConfig fromJson(String json) {
        FsacConfig c = GSON.fromJson(json, FsacConfig.class);
        if (c == null) throw new IllegalArgumentException("empty FSAC config");
        return c;
    }
}
