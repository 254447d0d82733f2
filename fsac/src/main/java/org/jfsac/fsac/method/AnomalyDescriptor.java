package org.jfsac.fsac.method;

import org.jfsac.core.backend.Backend;
import org.jfsac.core.nn.Linear;
import org.jfsac.core.nn.Module;
import org.jfsac.core.random.Rng;
import org.jfsac.core.tensor.Tensor;

/**
 * The Anomaly Descriptor (Eq. 6–9): image→text attention over the two text rows gives TF_i per image,
 * text→image attention over the batch gives VT; CF = AF + TF, CT = AT + γ1·VT. No Q/K/V projections,
 * only the two output layers Linear_t and Linear_v.
 */
public final class AnomalyDescriptor extends Module {
    final Linear linT, linV;

    public AnomalyDescriptor(Backend backend, int dim, Rng rng) {
        super(backend);
        linT = child("linear_t", Adapter.xavier(backend, dim, dim, rng));
        linV = child("linear_v", Adapter.xavier(backend, dim, dim, rng));
    }

    /**
     * The descriptor's outputs.
     * @param cf CF = AF + TF, descriptor image features [B, C]
     * @param ct CT = AT + γ1·VT, descriptor text features [2, C]
     * @param tf TF, the image-driven term (image→text attention through Linear_t) [B, C]; null when that
     *           half is switched off (ablation); {@code attention_feature} in the authors' ImageHead
     * @param vt VT, the text-driven term (text→image attention through Linear_v) [2, C] before it is
     *           weighted by γ1; null when that half is switched off; {@code t_} in the authors' ImageHead
     */
    public record Output(Tensor cf, Tensor ct, Tensor tf, Tensor vt) {}

    /**
     * @param f  raw image features [B, C] (queries of the image→text attention)
     * @param af adapted image features [B, C]
     * @param t  raw text prototypes [T+; T−] (2×C)
     * @param at adapted text prototypes (2×C)
     */
    public Output forward(Tensor f, Tensor af, Tensor t, Tensor at, FsacConfig cfg) {
        Tensor psi = cfg.descriptorForm == FsacConfig.Form.PAPER ? at : t;
        float scale = (float) (1.0 / Math.sqrt(f.size(1)));
        Tensor tf = null;
        if (cfg.descriptorI2T) {
            Tensor w = f.matmul(psi.mT()).mul(scale).softmax(1); // [B, 2]
            tf = linT.forward(w.matmul(psi));                     // [B, C]
        }
        Tensor ct = at, vt = null;
        if (cfg.descriptorT2I) {
            Tensor tfOrAf = tf != null ? tf : af; // ablation without I2T: attend over the adapted images
            Tensor w = psi.matmul(tfOrAf.mT()).mul(scale).softmax(1); // [2, B]: softmax over the batch
            vt = linV.forward(w.matmul(tfOrAf));
            ct = at.add(vt.mul((float) cfg.gamma1));
        }
        Tensor cf = tf != null ? af.add(tf) : af;
        return new Output(cf, ct, tf, vt);
    }
}
