package org.jfsac.tools;

import org.jfsac.fsac.method.AuthorsProtocol;
import org.jfsac.fsac.method.FsacConfig;
import org.jfsac.fsac.synth.NaturalSyntheticAnomaly;
import picocli.CommandLine.Option;

/** CLIP-FSAC++ hyper-parameters: a preset, then any value overridden. */
final class MethodOptions {
    @Option(names = "--preset", defaultValue = "mvtec", description = "mvtec or visa: the paper's per-dataset values (default ${DEFAULT-VALUE})")
    String preset;
    @Option(names = "--protocol", defaultValue = "jfsac", description = "jfsac (our defaults) or authors: every choice of the authors' train.py at once (options below still override; the report lists any deviation)")
    String protocol;
    @Option(names = "--prompts", description = "CPE prompt set: full (train.py, default) or exp (exp.py's smaller set)") String prompts;
    @Option(names = "--patience", description = "with --best-epoch: stop after N epochs without a strict I-AUROC improvement (authors: 10; 0 = every epoch)") Integer patience;
    @Option(names = "--sorted-order", description = "train on the shots in sorted file-name order every epoch, as the authors do (default: shuffle)") boolean sortedOrder;
    @Option(names = "--epochs", description = "training epochs (default 100)") Integer epochs;
    @Option(names = "--alpha", arity = "2", paramLabel = "A", description = "image residual ratios alpha1 alpha2") double[] alpha;
    @Option(names = "--beta", arity = "2", paramLabel = "B", description = "text residual ratios beta1 beta2") double[] beta;
    @Option(names = "--gamma1", description = "weight of the text-to-image descriptor term") Double gamma1;
    @Option(names = "--gamma2", description = "weight of the cross-entropy loss") Double gamma2;
    @Option(names = "--lr-image", description = "Adam learning rate of image adapter + descriptor (code 5e-5)") Double lrImage;
    @Option(names = "--lr-text", description = "Adam learning rate of the text adapter (code 1e-5)") Double lrText;
    @Option(names = "--paper-lr", description = "use the paper's learning rates 5e-4 / 1e-4") boolean paperLr;
    @Option(names = "--loss-form", description = "paper or code (default code)") String lossForm;
    @Option(names = "--descriptor-form", description = "paper or code (default code)") String descriptorForm;
    @Option(names = "--synthesis", description = "random (random perturbation) or nsa") String synthesis;
    @Option(names = "--gaussian-noise", description = "random perturbation with Gaussian noise (paper) instead of uniform (code)") boolean gaussian;
    @Option(names = "--foreground-only", description = "random perturbation on the object only, every class (same as --foreground all)") boolean foreground;
    @Option(names = "--foreground", paramLabel = "SPEC", description = "random perturbation on the object only, per class: comma-separated authors (default: the authors' SKIP_BACKGROUND table), none, all, CLASS=on|off") String foregroundSpec;
    @Option(names = "--paste", description = "NSA paste: opencv (default: OpenCV 4.6's seamlessClone as the authors call it) or poisson (textbook solve)") String paste;
    @Option(names = "--synthesis-pool", description = "draw synthetic anomalies from a pool of N per image, encoded once (0: fresh every step, default)") Integer pool;
    @Option(names = "--scoring", description = "per-image (default), batched (the authors' evaluate(): 16 sorted images at once, text re-adapted per batch) or batched-fixed (raw prototypes every batch)") String scoring;
    @Option(names = "--best-epoch", description = "also report the best epoch chosen on the test set, as the authors did (labelled)") boolean bestEpoch;
    @Option(names = "--no-loss", split = ",", paramLabel = "TERM", description = "ablation: drop loss terms i2t, t2i, ce") String[] noLoss;
    @Option(names = "--no-descriptor", split = ",", paramLabel = "HALF", description = "ablation: drop descriptor halves i2t, t2i") String[] noDescriptor;

    FsacConfig build() {
        FsacConfig c = FsacConfig.preset(preset);
        switch (protocol) {
            case "jfsac" -> { }
            case "authors" -> AuthorsProtocol.apply(c);
            default -> throw new IllegalArgumentException("--protocol must be jfsac or authors");
        }
        if (paperLr) c.withPaperLearningRates();
        if (epochs != null) c.epochs = epochs;
        if (alpha != null) { c.alpha1 = alpha[0]; c.alpha2 = alpha[1]; }
        if (beta != null) { c.beta1 = beta[0]; c.beta2 = beta[1]; }
        if (gamma1 != null) c.gamma1 = gamma1;
        if (gamma2 != null) c.gamma2 = gamma2;
        if (lrImage != null) c.lrImage = lrImage;
        if (lrText != null) c.lrText = lrText;
        if (lossForm != null) c.lossForm = FsacConfig.Form.valueOf(lossForm.toUpperCase());
        if (descriptorForm != null) c.descriptorForm = FsacConfig.Form.valueOf(descriptorForm.toUpperCase());
        if (synthesis != null) c.synthesis = switch (synthesis) {
            case "random" -> FsacConfig.Synthesis.RANDOM_PERTURBATION;
            case "nsa" -> FsacConfig.Synthesis.NSA;
            default -> throw new IllegalArgumentException("--synthesis must be random or nsa");
        };
        if (gaussian) c.gaussianNoise = true;
        if (foreground) c.foregroundOnly = true;
        if (foregroundSpec != null) c.withForeground(foregroundSpec);
        if (paste != null) c.paste = switch (paste) {
            case "opencv" -> NaturalSyntheticAnomaly.Paste.OPENCV;
            case "poisson" -> NaturalSyntheticAnomaly.Paste.POISSON;
            default -> throw new IllegalArgumentException("--paste must be opencv or poisson");
        };
        if (pool != null) c.synthesisPool = pool;
        if (scoring != null) c.scoring = switch (scoring) {
            case "per-image" -> FsacConfig.Scoring.PER_IMAGE;
            case "batched" -> FsacConfig.Scoring.BATCHED;
            case "batched-fixed" -> FsacConfig.Scoring.BATCHED_FIXED;
            default -> throw new IllegalArgumentException("--scoring must be per-image, batched or batched-fixed");
        };
        if (bestEpoch) c.epochSelection = FsacConfig.EpochSelection.BEST_ON_TEST;
        if (patience != null) {
            if (patience < 0) throw new IllegalArgumentException("--patience must be 0 or positive");
            c.bestEpochPatience = patience;
        }
        if (sortedOrder) c.sortedOrder = true;
        if (prompts != null) c.prompts = switch (prompts) {
            case "full" -> FsacConfig.PromptSet.FULL;
            case "exp" -> FsacConfig.PromptSet.EXP;
            default -> throw new IllegalArgumentException("--prompts must be full or exp");
        };
        if (noLoss != null) for (String t : noLoss) switch (t) {
            case "i2t" -> c.lossI2T = false;
            case "t2i" -> c.lossT2I = false;
            case "ce" -> c.lossCE = false;
            default -> throw new IllegalArgumentException("--no-loss takes i2t, t2i, ce");
        }
        if (noDescriptor != null) for (String t : noDescriptor) switch (t) {
            case "i2t" -> c.descriptorI2T = false;
            case "t2i" -> c.descriptorT2I = false;
            default -> throw new IllegalArgumentException("--no-descriptor takes i2t, t2i");
        }
        return c;
    }
}
