package org.jfsac.fsac.settings;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Compares two sets of settings given as JSON objects, key by key, so that a setting added to a serialised
 * config later is compared without anyone listing it. Nested objects become dotted keys
 * ({@code cfg.epochs}); arrays and primitives compare by their compact JSON text.
 */
public final class SettingsDiff {
    private SettingsDiff() {}

    /** How a missing key is shown. */
    public static final String ABSENT = "(absent)";

    /** Every leaf of {@code o} as dotted key → value text, in the object's order. */
    public static Map<String, String> flatten(JsonObject o) {
        Map<String, String> out = new LinkedHashMap<>();
        flatten("", o, out);
        return out;
    }

    private static void flatten(String prefix, JsonElement e, Map<String, String> out) {
        if (e.isJsonObject() && !e.getAsJsonObject().isEmpty()) {
            for (Map.Entry<String, JsonElement> c : e.getAsJsonObject().entrySet())
                flatten(prefix.isEmpty() ? c.getKey() : prefix + "." + c.getKey(), c.getValue(), out);
        } else if (e.isJsonPrimitive() && e.getAsJsonPrimitive().isString()) {
            out.put(prefix, e.getAsString());
        } else {
            out.put(prefix, e.toString());
        }
    }

    /** "key old → new" for every key whose value differs or that only one side has, in first-seen order. */
    public static List<String> differences(JsonObject was, JsonObject now) {
        Map<String, String> a = flatten(was), b = flatten(now);
        Set<String> keys = new LinkedHashSet<>(a.keySet());
        keys.addAll(b.keySet());
        List<String> out = new ArrayList<>();
        for (String k : keys) {
            String x = a.getOrDefault(k, ABSENT), y = b.getOrDefault(k, ABSENT);
            if (!x.equals(y)) out.add(k + " " + x + " → " + y);
        }
        return out;
    }

    /** The first {@code max} differences joined with ", ", then how many more there are (keeps errors to one line). */
    public static String summary(List<String> differences, int max) {
        List<String> shown = differences.subList(0, Math.min(max, differences.size()));
        String s = String.join(", ", shown);
        int more = differences.size() - shown.size();
        return more > 0 ? s + " and " + more + " more" : s;
    }
}
