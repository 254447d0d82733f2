package org.jfsac.fsac.method;

import org.jfsac.core.io.HostTensor;
import org.jfsac.core.io.TensorFormatException;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * How the parameters of the CLIP-FSAC++ authors' {@code ImageHead} and {@code TextHead} (adapter_plus.py)
 * correspond to ours, named as {@code image_head.<name>} and {@code text_head.<name>} (their
 * {@code state_dict()} names with the module in front). The image head holds the image adapter (two MLP
 * blocks {@code mlps.{0,1}.fc1/fc2}, then {@code linear}) and the descriptor's two output layers
 * ({@code to_out_text.0} = Linear_t, {@code to_out_image.0} = Linear_v); the text head holds the text
 * adapter (one block, then {@code linear}). {@code image_head.attention_linear.0}, {@code image_head.norm}
 * and {@code text_head.norm} exist in their modules but their forward never uses them: they map to nothing.
 */
public final class AuthorsNames {
    private AuthorsNames() {}

    /** A parameter of theirs: our name (null if unused) and its shape as multiples of C. */
    private record Param(String ours, int[] shapeInC) {}

    private static final Map<String, Param> PARAMS;

    static {
        Map<String, Param> m = new LinkedHashMap<>();
        adapter(m, "image_head", "image_adapter", 2);
        linear(m, "image_head.linear", "image_adapter.layers.4", 1, 1);
        linear(m, "image_head.attention_linear.0", null, 1, 1);
        m.put("image_head.norm.weight", new Param(null, new int[]{1}));
        m.put("image_head.norm.bias", new Param(null, new int[]{1}));
        linear(m, "image_head.to_out_image.0", "descriptor.linear_v", 1, 1);
        linear(m, "image_head.to_out_text.0", "descriptor.linear_t", 1, 1);
        adapter(m, "text_head", "text_adapter", 1);
        linear(m, "text_head.linear", "text_adapter.layers.2", 1, 1);
        m.put("text_head.norm.weight", new Param(null, new int[]{1}));
        m.put("text_head.norm.bias", new Param(null, new int[]{1}));
        PARAMS = Collections.unmodifiableMap(m);
    }

    /** The MLP blocks of an adapter: fc1 Linear(C, 4C), fc2 Linear(4C, C); ours are layers 2b and 2b+1. */
    private static void adapter(Map<String, Param> m, String theirs, String ours, int blocks) {
        for (int b = 0; b < blocks; b++) {
            linear(m, theirs + ".mlps." + b + ".fc1", ours + ".layers." + (2 * b), 1, 4);
            linear(m, theirs + ".mlps." + b + ".fc2", ours + ".layers." + (2 * b + 1), 4, 1);
        }
    }

    private static void linear(Map<String, Param> m, String theirs, String ours, int in, int out) {
        m.put(theirs + ".weight", new Param(ours == null ? null : ours + ".weight", new int[]{out, in}));
        m.put(theirs + ".bias", new Param(ours == null ? null : ours + ".bias", new int[]{out}));
    }

    /**
     * Our name for one of theirs ({@code image_head.linear.weight} → {@code image_adapter.layers.4.weight}),
     * or null for a parameter their forward never uses.
     * @throws IllegalArgumentException for a name their modules do not have
     */
    public static String jfsacName(String authorsName) {
        Param p = PARAMS.get(authorsName);
        if (p == null) throw new IllegalArgumentException("'" + authorsName + "' is not a parameter of the authors' ImageHead/TextHead");
        return p.ours();
    }

    /** True for every name the authors' two modules have (used or not). */
    public static boolean isKnown(String authorsName) { return PARAMS.containsKey(authorsName); }

    /**
     * Every parameter of the authors' two modules with its shape at width C (PyTorch's [out, in] for a
     * linear weight, as in jfsac), in their modules' order.
     */
    public static Map<String, int[]> shapes(int dim) {
        Map<String, int[]> out = new LinkedHashMap<>();
        PARAMS.forEach((name, p) -> {
            int[] s = p.shapeInC().clone();
            for (int i = 0; i < s.length; i++) s[i] *= dim;
            out.put(name, s);
        });
        return out;
    }

    /**
     * Our state dict (for {@link FsacHead#loadStateDict}) from theirs. Every parameter of their modules must
     * be present with its shape at width C; the unused ones are checked, then dropped; any other name is
     * refused, so a head of another architecture cannot load half-way; a used tensor must be finite.
     *
     * @param theirs  their tensors under {@code image_head.*} / {@code text_head.*} names
     * @param where   what the tensors came from (a file), first in every error message
     * @param display how to name one of their tensors in an error (e.g. as it is keyed in the file)
     * @throws TensorFormatException one line naming the source and the first offending tensor
     */
    public static LinkedHashMap<String, HostTensor> toJfsac(Map<String, HostTensor> theirs, int dim, String where,
                                                            UnaryOperator<String> display) throws TensorFormatException {
        Map<String, int[]> expected = shapes(dim);
        for (String name : theirs.keySet()) {
            if (!expected.containsKey(name)) {
                throw new TensorFormatException(where + ": unexpected tensor '" + display.apply(name)
                        + "' (not a parameter of the authors' ImageHead/TextHead)");
            }
        }
        LinkedHashMap<String, HostTensor> ours = new LinkedHashMap<>();
        for (var e : expected.entrySet()) {
            HostTensor t = theirs.get(e.getKey());
            if (t == null) throw new TensorFormatException(where + ": missing tensor '" + display.apply(e.getKey()) + "' " + Arrays.toString(e.getValue()));
            if (!Arrays.equals(t.shape(), e.getValue())) {
                throw new TensorFormatException(where + ": tensor '" + display.apply(e.getKey()) + "' has shape " + Arrays.toString(t.shape())
                        + ", expected " + Arrays.toString(e.getValue()) + " for width " + dim);
            }
            String mine = PARAMS.get(e.getKey()).ours();
            if (mine == null) continue;
            for (float v : t.data()) {
                if (!Float.isFinite(v)) throw new TensorFormatException(where + ": tensor '" + display.apply(e.getKey()) + "' holds NaN or infinite values");
            }
            ours.put(mine, t);
        }
        return ours;
    }
}
