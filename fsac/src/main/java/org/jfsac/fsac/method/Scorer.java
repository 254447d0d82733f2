package org.jfsac.fsac.method;

import org.jfsac.core.tensor.GradMode;
import org.jfsac.core.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * Anomaly scores from features. PER_IMAGE (default) runs the head on each image alone, so a score never
 * depends on the other test images. BATCHED is the authors' test loop exactly (train.py, {@code evaluate()}):
 * chunks of 16 images in the given order share the text→image softmax over the batch, and the text prototypes
 * are adapted once more per chunk (chunk n sees Aⁿ(T) as raw prototypes and Aⁿ⁺¹(T) as adapted text), because
 * their loop writes the text adapter's output back into the prototypes it reads. Their published numbers were
 * scored this way. BATCHED_FIXED shares the batch softmax but gives every chunk the raw prototypes.
 */
public final class Scorer {
    private Scorer() {}

    /** AS for every row of feats [N, C]. */
    public static double[] score(FsacHead head, Tensor prototypes, Tensor feats, FsacConfig cfg) {
        int n = feats.size(0);
        int chunk = cfg.scoring == FsacConfig.Scoring.PER_IMAGE ? 1 : Math.max(1, cfg.batchedScoringSize);
        boolean compound = cfg.scoring == FsacConfig.Scoring.BATCHED;
        double[] out = new double[n];
        try (GradMode g = GradMode.noGrad()) {
            Tensor t = prototypes;
            for (int start = 0; start < n; start += chunk) {
                int len = Math.min(chunk, n - start);
                FsacHead.Output o = head.forward(feats.narrow(0, start, len), t, cfg);
                float[] as = o.anomalyScore().toArray();
                for (int i = 0; i < len; i++) out[start + i] = as[i];
                // train.py evaluate(): average_*_features = text_head(average_*_features) inside the batch loop
                if (compound) t = o.at();
            }
        }
        return out;
    }

    /**
     * Zero-shot CLIP-AC baseline with the same CPE prompts: softmax over {+,−} of cos(F, T±)/τ, no training.
     */
    public static double[] zeroShot(Tensor prototypes, Tensor feats, double tau) {
        try (GradMode g = GradMode.noGrad()) {
            float[] s = FsacHead.cosine(feats, prototypes).mul((float) (1 / tau)).softmax(1).select(1, 1).toArray();
            double[] out = new double[s.length];
            for (int i = 0; i < s.length; i++) out[i] = s[i];
            return out;
        }
    }

    /** Rows of feats in the given order (the batched protocol scores images sorted by name). */
    public static Tensor reorder(Tensor feats, int[] order) {
        List<Tensor> rows = new ArrayList<>(order.length);
        for (int i : order) rows.add(feats.narrow(0, i, 1));
        return Tensor.concat(0, rows);
    }
}
