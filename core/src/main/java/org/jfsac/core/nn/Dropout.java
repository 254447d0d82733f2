package org.jfsac.core.nn;

import org.jfsac.core.backend.Backend;
import org.jfsac.core.random.Rng;
import org.jfsac.core.tensor.Functional;
import org.jfsac.core.tensor.Tensor;

/** Inverted dropout while training; identity in eval mode or with p = 0. */
public final class Dropout extends Module {
    private final float p;
    private final Rng rng;

    public Dropout(Backend backend, float p, Rng rng) {
        super(backend);
        this.p = p;
        this.rng = rng;
    }

    public Tensor forward(Tensor x) { return Functional.dropout(x, p, isTraining(), rng); }
}
