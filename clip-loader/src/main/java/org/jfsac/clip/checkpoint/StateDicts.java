package org.jfsac.clip.checkpoint;

import org.jfsac.core.errors.ErrorLine;
import org.jfsac.core.io.TensorFormatException;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/** Finds the weights inside the layouts checkpoints come in, and normalises their names. */
public final class StateDicts {
    /** Keys under which training scripts nest the weights, in order of preference. */
    static final List<String> NESTED_KEYS = List.of("state_dict", "model");
    /** Prefix that torch.nn.DataParallel / DistributedDataParallel add to every name. */
    public static final String DATA_PARALLEL_PREFIX = "module.";

    private StateDicts() {}

    /**
     * The state dict inside an unpickled checkpoint: the top-level dict itself when every value is
     * a tensor, else the dict under "state_dict" or "model" (other entries such as epoch are ignored).
     */
    static Map<?, ?> select(Object root, String file) throws TensorFormatException {
        if (!(root instanceof Map<?, ?> top)) {
            throw new TensorFormatException("checkpoint " + file + ": top level is a "
                    + (root == null ? "None" : root.getClass().getSimpleName()) + ", not a dict");
        }
        if (allTensors(top)) return top;
        for (String key : NESTED_KEYS) {
            if (top.get(key) instanceof Map<?, ?> nested) return nested;
        }
        throw new TensorFormatException("checkpoint " + file + ": no state dict found: the top-level dict holds "
                + ErrorLine.describe(top.keySet(), 200) + " and is neither all tensors nor has a " + NESTED_KEYS + " entry");
    }

    /**
     * Several state dicts kept side by side in one checkpoint, e.g. {@code {"image_state_dict": ...,
     * "text_state_dict": ...}}: each dict under {@code keys} (all required), flattened to
     * {@code <key>.<name>}. Other top-level entries (an epoch, a list of image paths) are ignored.
     */
    static Map<?, ?> selectNested(Object root, String file, List<String> keys) throws TensorFormatException {
        if (!(root instanceof Map<?, ?> top)) {
            throw new TensorFormatException("checkpoint " + file + ": top level is a "
                    + (root == null ? "None" : root.getClass().getSimpleName()) + ", not a dict");
        }
        Map<Object, Object> flat = new LinkedHashMap<>();
        for (String key : keys) {
            if (!(top.get(key) instanceof Map<?, ?> nested)) {
                throw new TensorFormatException("checkpoint " + file + ": " + (top.containsKey(key) ? "entry '" + key + "' is not a dict"
                        : "no '" + key + "' entry (the top-level dict holds " + top.keySet() + ")"));
            }
            nested.forEach((name, value) -> flat.put(key + "." + name, value));
        }
        return flat;
    }

    private static boolean allTensors(Map<?, ?> m) {
        return !m.isEmpty() && m.values().stream().allMatch(v -> v instanceof TensorRef);
    }

    /** Removes {@code prefix} from every name when every name has it (a mixed dict is left alone). */
    public static <V> LinkedHashMap<String, V> stripPrefix(Map<String, V> stateDict, String prefix) {
        UnaryOperator<String> rename = prefixStripper(stateDict.keySet(), prefix);
        LinkedHashMap<String, V> out = new LinkedHashMap<>();
        stateDict.forEach((k, v) -> out.put(rename.apply(k), v));
        return out;
    }

    /**
     * The renaming {@link #stripPrefix} applies, decided from all names at once, so that tensors
     * streamed one at a time get the same names as in the whole dict.
     */
    static UnaryOperator<String> prefixStripper(Collection<String> names, String prefix) {
        boolean all = !names.isEmpty() && names.stream().allMatch(k -> k.startsWith(prefix));
        return all ? k -> k.substring(prefix.length()) : UnaryOperator.identity();
    }

    /** A copy whose shape arrays are copies too, so callers cannot change a reader's state. */
    static LinkedHashMap<String, int[]> copy(Map<String, int[]> shapes) {
        LinkedHashMap<String, int[]> out = new LinkedHashMap<>();
        shapes.forEach((k, v) -> out.put(k, v.clone()));
        return out;
    }
}
