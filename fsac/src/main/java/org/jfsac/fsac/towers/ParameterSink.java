package org.jfsac.fsac.towers;

import org.jfsac.clip.checkpoint.CheckpointReader;
import org.jfsac.core.io.HostTensor;
import org.jfsac.core.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes checkpoint tensors, one at a time, straight into a module's parameters: each must name a
 * parameter and have its shape, and {@link #finish()} checks that every parameter got exactly one.
 * The host tensor is not kept, so loading holds the model plus the tensor in flight.
 */
final class ParameterSink implements CheckpointReader.Sink {
    private final Map<String, Tensor> params;
    /** Checkpoint entries that are no parameter but were accepted by the config check (OpenCLIP's attn_mask). */
    private final Set<String> ignored;
    private final Set<String> loaded = new HashSet<>();

    /** {@code checkpointNames}: all names the validated checkpoint holds; those that are no parameter are skipped. */
    ParameterSink(Map<String, Tensor> params, Set<String> checkpointNames) {
        this.params = params;
        this.ignored = new HashSet<>(checkpointNames);
        ignored.removeAll(params.keySet());
    }

    @Override
    public void accept(String name, HostTensor t) {
        Tensor p = params.get(name);
        if (p == null) {
            if (ignored.contains(name)) return;
            throw new IllegalArgumentException("unexpected tensor '" + name + "' " + Arrays.toString(t.shape()));
        }
        if (!Arrays.equals(p.shape(), t.shape())) {
            throw new IllegalArgumentException("tensor '" + name + "': expected " + Arrays.toString(p.shape())
                    + " but the checkpoint has " + Arrays.toString(t.shape()));
        }
        if (!loaded.add(name)) throw new IllegalArgumentException("tensor '" + name + "' appears twice in the checkpoint");
        p.load(t.data());
    }

    /** Throws unless every parameter was loaded. */
    void finish() {
        if (loaded.size() == params.size()) return;
        List<String> missing = new ArrayList<>();
        for (var e : params.entrySet()) {
            if (!loaded.contains(e.getKey())) missing.add("'" + e.getKey() + "' " + Arrays.toString(e.getValue().shape()));
        }
        throw new IllegalArgumentException("the checkpoint gave no value for " + missing.size() + " parameters: "
                + String.join(", ", missing.subList(0, Math.min(20, missing.size())))
                + (missing.size() > 20 ? ", ..." : ""));
    }
}
