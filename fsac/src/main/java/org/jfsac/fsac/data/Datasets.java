package org.jfsac.fsac.data;

import org.jfsac.fsac.registry.Registry;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The registered {@link Dataset}s: those listed in {@code META-INF/services/org.jfsac.fsac.data.Dataset} of any
 * jar on the class path (ours lists MVTec AD, VisA and the folder dataset), so another jar adds one without
 * changing this module.
 */
public final class Datasets {

    private static final Registry<Dataset> REGISTRY = new Registry<>(Dataset.class, Dataset::name, "dataset", false);

    private Datasets() {
    }

    /** Every registered dataset, sorted by name. Two with the same name are an error naming both classes. */
    public static List<Dataset> all() {
        List<Dataset> list = new ArrayList<>(REGISTRY.all());
        list.sort(Comparator.comparing(Dataset::name));
        return list;
    }

    /** The registered names, sorted. */
    public static List<String> names() {
        return all().stream().map(Dataset::name).toList();
    }

    /** The dataset registered as {@code name}; an unknown name is an error listing the registered ones. */
    public static Dataset named(String name) {
        return REGISTRY.named(all(), name);
    }
}
