package org.jfsac.fsac.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.function.Function;

/**
 * The implementations of an extension point ({@code Dataset}, {@code Method}) that the jars on the class path list in
 * {@code META-INF/services/<interface>}, each under a unique name, so that a jar adds one without changing this
 * module. What {@code Datasets} and {@code Methods} are made of.
 *
 * @param <T> the extension point
 */
public final class Registry<T> {
    private final Class<T> service;
    private final Function<T, String> name;
    private final String kind;
    private final boolean ignoreCase;

    /**
     * @param name       how an implementation is named
     * @param kind       what one is called in messages ("dataset", "method")
     * @param ignoreCase whether names match (and clash) ignoring case
     */
    public Registry(Class<T> service, Function<T, String> name, String kind, boolean ignoreCase) {
        this.service = service;
        this.name = name;
        this.kind = kind;
        this.ignoreCase = ignoreCase;
    }

    private boolean same(String a, String b) {
        return ignoreCase ? a.equalsIgnoreCase(b) : a.equals(b);
    }

    /** Every registered implementation in registration order; two with one name are an error naming both classes. */
    public List<T> all() {
        List<T> list = new ArrayList<>();
        for (T t : ServiceLoader.load(service, Registry.class.getClassLoader())) {
            for (T other : list) {
                if (same(name.apply(other), name.apply(t))) {
                    throw new IllegalStateException("two " + kind + "s are registered as '" + name.apply(t) + "': "
                            + other.getClass().getName() + " and " + t.getClass().getName());
                }
            }
            list.add(t);
        }
        return list;
    }

    /** The implementation named {@code n} among {@code all}; an unknown name is an error listing them. */
    public T named(List<T> all, String n) {
        for (T t : all) {
            if (same(name.apply(t), n)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown " + kind + " '" + n + "'; registered: "
                + String.join(", ", all.stream().map(name).toList()));
    }
}
