package org.jfsac.fsac.method;

/**
 * Best-epoch selection on the test set, as the authors' train.py does it (lines 441, 495-506): an epoch is the
 * new best when its I-AUROC is strictly greater than the best so far ({@code if auroc_sp > max_auroc}); with
 * patience p > 0, training stops once p epochs in a row bring no strict improvement ({@code flag += 1} …
 * {@code if(flag == 10): break} before the next epoch). Patience 0 searches every epoch. The first epoch is
 * always the first best (the authors start from 0, so they differ only if an epoch scores an AUROC of exactly 0).
 */
public final class BestEpochTracker {
    private final int patience;
    private double best = Double.NEGATIVE_INFINITY;
    private int bestEpoch = -1, epochs, sinceBest;

    public BestEpochTracker(int patience) {
        if (patience < 0) throw new IllegalArgumentException("patience must be 0 (no early stop) or positive, got " + patience);
        this.patience = patience;
    }

    /** Records the next epoch's I-AUROC; true when it is the new best. */
    public boolean offer(double auroc) {
        int epoch = epochs++;
        if (auroc > best) {
            best = auroc;
            bestEpoch = epoch;
            sinceBest = 0;
            return true;
        }
        sinceBest++;
        return false;
    }

    /** True once patience epochs in a row brought no strict improvement (never with patience 0). */
    public boolean exhausted() { return patience > 0 && sinceBest >= patience; }

    /** Index (from 0) of the best epoch so far, −1 before any. */
    public int bestEpoch() { return bestEpoch; }

    public double bestAuroc() { return best; }

    public int epochsSeen() { return epochs; }
}
