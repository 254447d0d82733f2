package org.jfsac.fsac.method;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * The authors' evaluation protocol in one switch ({@code --protocol authors}): every choice their train.py
 * makes (Jay-zzcoder/clip-fsac-), so a run reproduces the setting of their published numbers:
 * <ul>
 * <li>code-form loss and descriptor (their xLoss and ImageHead);</li>
 * <li>scoring in batches of 16 sorted test images with the text adapter applied once more per batch, as their
 *     {@code evaluate()} does ({@link Scorer});</li>
 * <li>the best epoch on the test set, stopping after {@value #PATIENCE} epochs without a strict I-AUROC
 *     improvement ({@code if(flag == 10): break});</li>
 * <li>the same shots for every seed (their few-shot folders are fixed), taken from {@code --shots-from} when
 *     given, and trained in sorted order (their DataLoader has {@code shuffle=False});</li>
 * <li>OpenCV's seamlessClone arithmetic for the NSA paste, squash preprocessing (RGB conversion first);</li>
 * <li>for MVTec, γ1 = 0: their MVTec line is {@code text_feature #+ 0.01*t_}, the text-driven term commented
 *     out (the paper says 0.01).</li>
 * </ul>
 */
public final class AuthorsProtocol {
    private AuthorsProtocol() {}

    /** Epochs without a strict improvement after which the authors stop (train.py: {@code if(flag == 10): break}). */
    public static final int PATIENCE = 10;
    /** The authors' test DataLoader batch size. */
    public static final int TEST_BATCH = 16;

    /** Sets every authors' choice on c (which holds a preset) and returns it. */
    public static FsacConfig apply(FsacConfig c) {
        c.protocol = FsacConfig.Protocol.AUTHORS;
        c.lossForm = FsacConfig.Form.CODE;
        c.descriptorForm = FsacConfig.Form.CODE;
        c.scoring = FsacConfig.Scoring.BATCHED;
        c.batchedScoringSize = TEST_BATCH;
        c.epochSelection = FsacConfig.EpochSelection.BEST_ON_TEST;
        c.bestEpochPatience = PATIENCE;
        c.fixedShots = true;
        c.sortedOrder = true;
        c.paste = org.jfsac.fsac.synth.NaturalSyntheticAnomaly.Paste.OPENCV;
        c.foregroundOnly = false;
        c.foregroundByClass = new java.util.TreeMap<>(FsacConfig.AUTHORS_FOREGROUND);
        if (c.preset.equals("mvtec")) c.gamma1 = 0;
        return c;
    }

    private record Setting(String name, Function<FsacConfig, Object> value) {}

    private static final List<Setting> SETTINGS = List.of(
            new Setting("loss form", c -> c.lossForm), new Setting("descriptor form", c -> c.descriptorForm),
            new Setting("scoring", c -> c.scoring), new Setting("scoring batch", c -> c.batchedScoringSize),
            new Setting("epoch selection", c -> c.epochSelection), new Setting("patience", c -> c.bestEpochPatience),
            new Setting("fixed shots", c -> c.fixedShots), new Setting("sorted order", c -> c.sortedOrder),
            new Setting("NSA paste", c -> c.paste),
            new Setting("foreground-only classes", c -> c.foregroundOnly ? "all" : c.foregroundByClass),
            new Setting("alpha", c -> List.of(c.alpha1, c.alpha2)), new Setting("beta", c -> List.of(c.beta1, c.beta2)),
            new Setting("gamma1", c -> c.gamma1), new Setting("gamma2", c -> c.gamma2), new Setting("tau", c -> c.tau),
            new Setting("code loss temperature", c -> c.codeLossTemperature),
            new Setting("learning rates", c -> List.of(c.lrImage, c.lrText)), new Setting("epochs", c -> c.epochs),
            new Setting("synthesis", c -> c.synthesis), new Setting("batch sizes", c -> Arrays.toString(c.batchSizes)),
            new Setting("ablations", c -> List.of(c.lossI2T, c.lossT2I, c.lossCE, c.descriptorI2T, c.descriptorT2I)));

    /** The settings of c that differ from the authors' protocol on c's preset ("name: value (authors: value)"). */
    public static List<String> deviations(FsacConfig c) {
        FsacConfig authors = apply(FsacConfig.preset(c.preset));
        List<String> out = new ArrayList<>();
        for (Setting s : SETTINGS) {
            Object mine = s.value().apply(c), theirs = s.value().apply(authors);
            if (!Objects.equals(mine, theirs)) out.add(s.name() + ": " + mine + " (authors: " + theirs + ")");
        }
        return out;
    }

    /** The authors' preprocessing: their loader squashes each image (converted to RGB first) to the tower's size. */
    public static final org.jfsac.clip.image.ResizeMode RESIZE = org.jfsac.clip.image.ResizeMode.SQUASH;

    /**
     * The preprocessing is the backbone's, not the config's, so it is checked apart from {@link #deviations}: the
     * deviation line for a run of c that resizes with {@code resize}, or null when there is none (or c does not
     * follow the authors' protocol).
     */
    public static String resizeDeviation(FsacConfig c, org.jfsac.clip.image.ResizeMode resize) {
        if (c.protocol != FsacConfig.Protocol.AUTHORS || resize == RESIZE) return null;
        return "resize: " + resize + " (authors: " + RESIZE + ")";
    }

    /** A one-sentence label for reports: whether c follows the authors' protocol, and where it does not. */
    public static String label(FsacConfig c) {
        if (c.protocol != FsacConfig.Protocol.AUTHORS) return "Protocol: jfsac defaults.";
        List<String> d = deviations(c);
        return "Protocol: the authors' (train.py: code forms, batched scoring that re-adapts the text per batch of "
                + TEST_BATCH + " as their published numbers were scored, best epoch on the test set with patience "
                + PATIENCE + ", fixed sorted shots" + (c.synthesis == FsacConfig.Synthesis.NSA ? ", OpenCV's seamlessClone paste" : "")
                + (c.preset.equals("mvtec") ? ", γ1 = 0 for MVTec" : "") + ")"
                + (d.isEmpty() ? "." : ", except " + String.join("; ", d) + ".");
    }
}
