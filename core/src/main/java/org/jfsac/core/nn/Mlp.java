package org.jfsac.core.nn;

import org.jfsac.core.backend.Backend;
import org.jfsac.core.random.Rng;
import org.jfsac.core.tensor.Tensor;

/** Linear → activation → Linear, with OpenCLIP's names (c_fc, c_proj). */
public final class Mlp extends Module {
    public final Linear fc;
    public final Linear proj;
    private final Activation act;

    public Mlp(Backend backend, int in, int hidden, int out, Activation act, Rng rng) {
        super(backend);
        fc = child("c_fc", new Linear(backend, in, hidden, true, rng));
        proj = child("c_proj", new Linear(backend, hidden, out, true, rng));
        this.act = act;
    }

    public Tensor forward(Tensor x) { return proj.forward(act.apply(fc.forward(x))); }
}
