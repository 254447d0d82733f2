package org.jfsac.fsac.data;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;

/**
 * The registered {@link Dataset}s: those listed in {@code META-INF/services/org.jfsac.fsac.data.Dataset} of any
 * jar on the class path (ours lists MVTec AD, VisA and the folder dataset), so another jar adds one without
 * changing this module.
 */
public final class Datasets {

    private Datasets() {
    }

    /** Every registered dataset, sorted by name. Two with the same name are an error naming both classes. */
    public static List<Dataset> all() {
        List<Dataset> list = new ArrayList<>();
        for (Dataset d : ServiceLoader.load(Dataset.class, Datasets.class.getClassLoader())) {
            for (Dataset other : list) {
                if (other.name().equals(d.name())) {
                    throw new IllegalStateException("two datasets are registered as '" + d.name() + "': "
                            + other.getClass().getName() + " and " + d.getClass().getName());
                }
            }
            list.add(d);
        }
        list.sort(Comparator.comparing(Dataset::name));
        return list;
    }

    /** The registered names, sorted. */
    public static List<String> names() {
        return all().stream().map(Dataset::name).toList();
    }

    /** The dataset registered as {@code name}; an unknown name is an error listing the registered ones. */
    public static Dataset named(String name) {
        List<Dataset> all = all();
        for (Dataset d : all) {
            if (d.name().equals(name)) {
                return d;
            }
        }
        throw new IllegalArgumentException("unknown dataset '" + name + "'; registered: "
                + String.join(", ", all.stream().map(Dataset::name).toList()));
    }
}
