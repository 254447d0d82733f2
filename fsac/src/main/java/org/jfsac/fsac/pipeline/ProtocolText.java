package org.jfsac.fsac.pipeline;

import org.jfsac.fsac.method.AuthorsProtocol;
import org.jfsac.fsac.method.FsacConfig;
import org.jfsac.fsac.method.Method;

import java.util.List;

/** The protocol paragraph of results.md and report.html: how the numbers beside it were obtained. */
final class ProtocolText {
    private ProtocolText() {}

    /** The paragraph for a run of {@code methods}: CLIP-FSAC++'s settings when a method trains its head, then each method's description. */
    static String describe(FsacConfig c, List<Method> methods) {
        boolean trains = methods.stream().anyMatch(m -> m.needs() == Method.Needs.TRAINED_HEAD);
        boolean usesShots = methods.stream().anyMatch(m -> m.needs() != Method.Needs.NOTHING);
        String settings = trains
                ? " Scores: " + scoring(c) + ". Epoch: " + epoch(c) + ". Shots: " + shots(c)
                + ". Loss: " + c.lossForm.name().toLowerCase() + " form; descriptor: " + c.descriptorForm.name().toLowerCase()
                + " form; γ1 = " + c.gamma1 + "; synthesis: " + c.synthesis
                + (c.synthesis == FsacConfig.Synthesis.NSA ? " (paste: " + c.paste + ")" : "") + ";"
                : usesShots ? " Shots: " + shots(c) + "." : "";
        StringBuilder sb = new StringBuilder(AuthorsProtocol.label(c)).append(settings)
                .append(" CPE prompts: ").append(c.prompts == FsacConfig.PromptSet.FULL ? "full set (train.py)" : "exp.py's smaller set").append('.');
        for (Method m : methods) sb.append(' ').append(m.description());
        return sb.toString();
    }

    private static String scoring(FsacConfig c) {
        return switch (c.scoring) {
            case PER_IMAGE -> "each test image on its own";
            case BATCHED -> "batches of " + c.batchedScoringSize + " sorted test images with the text prototypes adapted"
                    + " again per batch, exactly the authors' evaluate() (their published numbers were scored this way)";
            case BATCHED_FIXED -> "batches of " + c.batchedScoringSize + " sorted test images with the raw prototypes"
                    + " for every batch (not the authors' loop)";
        };
    }

    private static String epoch(FsacConfig c) {
        if (c.epochSelection == FsacConfig.EpochSelection.FINAL) return "the final epoch (" + c.epochs + ")";
        return "the best epoch chosen on the test set, as the authors did (optimistic), beside the final epoch"
                + (c.bestEpochPatience > 0 ? "; training stops after " + c.bestEpochPatience
                + " epochs without a strict I-AUROC improvement (the authors' patience), so 'final' is the epoch it stopped at"
                : " (every epoch searched)");
    }

    private static String shots(FsacConfig c) {
        String which = c.shotsFrom != null ? "read from " + c.shotsFrom + " (the same for every seed)"
                : c.fixedShots ? "drawn once (seed 0), the same for every seed" : "drawn per seed";
        return which + (c.sortedOrder ? ", trained in sorted order" : ", shuffled every epoch");
    }
}
