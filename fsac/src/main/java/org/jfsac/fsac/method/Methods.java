package org.jfsac.fsac.method;

import org.jfsac.fsac.registry.Registry;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The registered {@link Method}s: those listed in {@code META-INF/services/org.jfsac.fsac.method.Method} of any
 * jar on the class path (ours lists CLIP-AC, CLIP-FSAC++ and kNN), in the order listed, so another jar adds one
 * without changing this module. A run evaluates every registered method unless it names a selection.
 */
public final class Methods {

    private static final Registry<Method> REGISTRY = new Registry<>(Method.class, Method::name, "method", true);

    private Methods() {
    }

    /** Every registered method in registration order. Two whose names differ only in case are an error naming both. */
    public static List<Method> all() {
        return REGISTRY.all();
    }

    /** The registered names, in registration order: what a run evaluates by default. */
    public static List<String> names() {
        return all().stream().map(Method::name).toList();
    }

    /** The method registered as {@code name}, ignoring case; an unknown name is an error listing the registered ones. */
    public static Method named(String name) {
        return REGISTRY.named(all(), name.strip());
    }

    /**
     * The methods {@code names} select, in the given order (null: every registered method). Empty, unknown or
     * repeated names are an error.
     */
    public static List<Method> select(List<String> names) {
        if (names == null) return all();
        if (names.isEmpty()) throw new IllegalArgumentException("no method selected; registered: " + String.join(", ", names()));
        List<Method> out = new ArrayList<>();
        for (String n : names) {
            Method m = named(n);
            if (out.stream().anyMatch(o -> o.name().equals(m.name())))
                throw new IllegalArgumentException("method '" + n + "' is selected twice");
            for (Method o : out)
                if (column(o.name()).equals(column(m.name())))
                    throw new IllegalArgumentException("methods '" + o.name() + "' and '" + m.name() + "' would share the scores column " + column(m.name()));
            out.add(m);
        }
        return out;
    }

    /**
     * The scores-file column of a method: its name in lower case, a run of "+" spelled "_p…p" and anything else that
     * is not a letter or digit as "_" (CLIP-FSAC++ → clip_fsac_pp, CLIP-AC → clip_ac, kNN → knn).
     */
    public static String column(String methodName) {
        String s = methodName.toLowerCase(Locale.ROOT);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '+') sb.append(i > 0 && s.charAt(i - 1) == '+' ? "p" : "_p");
            else sb.append((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ? c : '_');
        }
        return sb.toString();
    }
}
