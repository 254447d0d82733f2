package org.jfsac.fsac.method;

import org.jfsac.core.tensor.Functional;
import org.jfsac.core.tensor.Tensor;

/**
 * The training objective (Eq. 10–13) in the paper's form and in the authors' code form. The batch is
 * b normal images followed by their b synthetic anomalies (pair j = rows j and b + j). Each of the four
 * −log terms (two in L_i2t, two in L_t2i) is averaged over the b pairs.
 * <ul>
 *   <li>Paper form, as Eq. 10–13 write it: L = L_t2i + L_i2t + γ2·L_ce, each L a sum of its two −log
 *       terms; similarities s(CF, AT±); L_ce the cross-entropy of the logits cos(CF, CT±)/τ.</li>
 *   <li>Code form, as the authors' {@code xLoss} computes it: the contrastive term is the <em>mean</em> of
 *       the active −log terms, (L_i2t + L_t2i)/4 (one-term ablations: L_i2t/2 or L_t2i/2); similarities
 *       s(CF, CT±)/0.99; L_ce is nn.CrossEntropyLoss applied to the already-softmaxed scores S±.</li>
 * </ul>
 */
public final class FsacLoss {
    private FsacLoss() {}

    /**
     * The loss and its parts (each a scalar tensor; absent parts are null).
     * @param total       the loss that is minimised: contrastive + γ2·ce
     * @param contrastive the contrastive term exactly as it enters total
     * @param i2t         L_i2t: the sum of its two −log terms, each averaged over the pairs
     * @param t2i         L_t2i, likewise
     * @param ce          L_ce before the γ2 weight
     */
    public record Parts(Tensor total, Tensor contrastive, Tensor i2t, Tensor t2i, Tensor ce) {}

    /** −log(e^pos / (e^pos + e^neg)) per element, averaged. */
    static Tensor pairNll(Tensor pos, Tensor neg) {
        return Tensor.stack(1, pos, neg).logSoftmax(1).select(1, 0).mean().neg();
    }

    public static Parts compute(FsacHead.Output out, int pairs, FsacConfig cfg) {
        boolean paper = cfg.lossForm == FsacConfig.Form.PAPER;
        // Paper: similarities to the adapted prototypes AT; code: to CT, divided by a temperature.
        Tensor text = paper ? out.at() : out.ct();
        Tensor sim = FsacHead.cosine(out.cf(), text);
        if (!paper) sim = sim.mul((float) (1.0 / cfg.codeLossTemperature));
        Tensor n = sim.narrow(0, 0, pairs), a = sim.narrow(0, pairs, pairs);
        Tensor nPos = n.select(1, 0), nNeg = n.select(1, 1), aPos = a.select(1, 0), aNeg = a.select(1, 1);
        Tensor i2t = cfg.lossI2T ? pairNll(nPos, nNeg).add(pairNll(aNeg, aPos)) : null;
        Tensor t2i = cfg.lossT2I ? pairNll(nPos, aPos).add(pairNll(aNeg, nNeg)) : null;
        Tensor contrastive = i2t == null ? t2i : t2i == null ? i2t : i2t.add(t2i);
        // xLoss = (con_loss(a,b,c) + con_loss(d,b,c)) / 2, each con_loss the mean of its two −log terms:
        // the mean of the four terms. Two terms per active L.
        int terms = (i2t == null ? 0 : 2) + (t2i == null ? 0 : 2);
        if (contrastive != null && !paper) contrastive = contrastive.mul(1f / terms);
        Tensor ce = null;
        if (cfg.lossCE) {
            int[] labels = new int[2 * pairs];
            for (int i = pairs; i < 2 * pairs; i++) labels[i] = 1;
            // Paper: cross-entropy of the prediction S± (log S = log-softmax of the logits).
            // Code: nn.CrossEntropyLoss applied to the already-softmaxed scores (a double softmax).
            ce = Functional.crossEntropy(paper ? out.logits() : out.scores(), labels);
        }
        Tensor total = contrastive;
        if (ce != null) total = total == null ? ce.mul((float) cfg.gamma2) : total.add(ce.mul((float) cfg.gamma2));
        if (total == null) throw new IllegalArgumentException("every loss term is switched off");
        return new Parts(total, contrastive, i2t, t2i, ce);
    }
}
