package org.jfsac.fsac.method;

import org.jfsac.core.backend.Backend;
import org.jfsac.core.nn.Module;
import org.jfsac.core.random.Rng;
import org.jfsac.core.tensor.Functional;
import org.jfsac.core.tensor.Tensor;

import java.util.List;

/**
 * The trainable part of CLIP-FSAC++ on top of frozen CLIP features: image adapter A_f, text adapter A_g
 * and the Anomaly Descriptor, producing the scores S± and the anomaly score AS = S− (Eq. 4–9, 14–16).
 */
public final class FsacHead extends Module {
    public final Adapter imageAdapter, textAdapter;
    public final AnomalyDescriptor descriptor;
    public final int dim;

    public FsacHead(Backend backend, int dim, Rng rng) {
        super(backend);
        this.dim = dim;
        imageAdapter = child("image_adapter", new Adapter(backend, dim, 2, rng));
        textAdapter = child("text_adapter", new Adapter(backend, dim, 1, rng));
        descriptor = child("descriptor", new AnomalyDescriptor(backend, dim, rng));
    }

    /**
     * @param af     adapted image features AF (B×C)
     * @param at     adapted text prototypes AT± (2×C)
     * @param cf     descriptor image features CF (B×C)
     * @param ct     descriptor text features CT (2×C)
     * @param logits cos(CF, CT±)/τ (B×2, column 0 normal, 1 anomalous)
     * @param scores softmax of logits: S+ and S− (B×2)
     * @param tf     the descriptor's image-driven term TF (B×C), null if that half is off
     * @param vt     the descriptor's text-driven term VT (2×C) before the γ1 weight, null if that half is off
     */
    public record Output(Tensor af, Tensor at, Tensor cf, Tensor ct, Tensor logits, Tensor scores, Tensor tf, Tensor vt) {
        /** AS = S− / (S− + S+) = S− (B). */
        public Tensor anomalyScore() { return scores.select(1, 1); }
    }

    /** f: raw image features [B, C]; t: raw text prototypes [T+; T−] (2×C). */
    public Output forward(Tensor f, Tensor t, FsacConfig cfg) {
        if (f.dim() != 2 || f.size(1) != dim || t.dim() != 2 || t.size(0) != 2 || t.size(1) != dim)
            throw new IllegalArgumentException("FSAC head of width " + dim + " needs features [B, " + dim + "] and prototypes [2, " + dim + "], got "
                    + java.util.Arrays.toString(f.shape()) + " and " + java.util.Arrays.toString(t.shape()));
        Tensor af = f.mul((float) cfg.alpha2).add(imageAdapter.forward(f).mul((float) cfg.alpha1));
        Tensor at = t.mul((float) cfg.beta2).add(textAdapter.forward(t).mul((float) cfg.beta1));
        AnomalyDescriptor.Output d = descriptor.forward(f, af, t, at, cfg);
        Tensor logits = cosine(d.cf(), d.ct()).mul((float) (1.0 / cfg.tau));
        return new Output(af, at, d.cf(), d.ct(), logits, logits.softmax(1), d.tf(), d.vt());
    }

    /**
     * Pairwise cosine similarity of rows: [B,C] × [N,C] → [B,N]. One product per row of a (the rows are images),
     * so an image's similarities do not depend on the other images scored with it.
     */
    public static Tensor cosine(Tensor a, Tensor b) {
        return Functional.rowwiseMatmul(a.l2Normalize(1), b.l2Normalize(1).mT());
    }

    /** Parameters of the image side (image adapter + descriptor) and of the text adapter, for separate learning rates. */
    public List<Tensor> imageSideParameters() {
        List<Tensor> p = new java.util.ArrayList<>(imageAdapter.parameters());
        p.addAll(descriptor.parameters());
        return p;
    }

    public List<Tensor> textSideParameters() { return textAdapter.parameters(); }
}
