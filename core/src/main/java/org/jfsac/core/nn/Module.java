package org.jfsac.core.nn;

import org.jfsac.core.backend.Backend;
import org.jfsac.core.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Base of layers: named parameters and child modules in registration order, so that
 * {@link #stateDict()} gives PyTorch's dotted names ({@code transformer.resblocks.0.attn.in_proj_weight}).
 */
public abstract class Module {
    private final Map<String, Tensor> params = new LinkedHashMap<>();
    private final Map<String, Module> children = new LinkedHashMap<>();
    protected final Backend backend;
    private boolean training = true;

    protected Module(Backend backend) { this.backend = backend; }

    public Backend backend() { return backend; }

    protected Tensor param(String name, Tensor value) {
        if (params.containsKey(name) || children.containsKey(name)) throw new IllegalArgumentException("duplicate name " + name);
        value.requiresGrad(true);
        params.put(name, value);
        return value;
    }

    protected <M extends Module> M child(String name, M module) {
        if (params.containsKey(name) || children.containsKey(name)) throw new IllegalArgumentException("duplicate name " + name);
        children.put(name, module);
        return module;
    }

    /** Every parameter with its dotted name, depth-first in registration order. */
    public Map<String, Tensor> namedParameters() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        collect("", out);
        return out;
    }

    private void collect(String prefix, Map<String, Tensor> out) {
        params.forEach((n, t) -> out.put(prefix + n, t));
        children.forEach((n, m) -> m.collect(prefix + n + ".", out));
    }

    public List<Tensor> parameters() { return new ArrayList<>(namedParameters().values()); }

    /** Same as {@link #namedParameters()}: the tensors to save. */
    public Map<String, Tensor> stateDict() { return namedParameters(); }

    /**
     * Copies values into the parameters. Strict: every parameter must be present with its shape, and
     * unexpected keys are errors, each naming the tensor and both shapes.
     */
    public void loadStateDict(Map<String, Tensor> values) {
        Map<String, Tensor> mine = namedParameters();
        List<String> problems = new ArrayList<>();
        for (var e : mine.entrySet()) {
            Tensor v = values.get(e.getKey());
            if (v == null) problems.add("missing " + e.getKey() + " " + Arrays.toString(e.getValue().shape()));
            else if (!Arrays.equals(v.shape(), e.getValue().shape()))
                problems.add(e.getKey() + ": model expects " + Arrays.toString(e.getValue().shape()) + ", got " + Arrays.toString(v.shape()));
        }
        for (String k : values.keySet()) if (!mine.containsKey(k)) problems.add("unexpected " + k);
        if (!problems.isEmpty()) throw new IllegalArgumentException("state dict does not match " + getClass().getSimpleName() + ": "
                + org.jfsac.core.errors.ErrorLine.summary(problems, "problems", 3));
        mine.forEach((k, t) -> t.assign(values.get(k)));
    }

    public void train(boolean on) {
        training = on;
        children.values().forEach(m -> m.train(on));
    }

    public boolean isTraining() { return training; }

    public long parameterCount() {
        long n = 0;
        for (Tensor t : parameters()) n += t.numel();
        return n;
    }
}
