package org.jfsac.fsac.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A {@link Dataset} made of a name, a description and a loader's two static methods; subclasses exist only to
 * give {@link java.util.ServiceLoader} a no-argument constructor.
 */
abstract class DatasetEntry implements Dataset {

    interface ClassLister {
        List<String> classes(Path root) throws IOException;
    }

    interface SplitLoader {
        ClassSplit load(Path root, String className) throws IOException;
    }

    private final String name;
    private final String description;
    private final ClassLister lister;
    private final SplitLoader loader;

    DatasetEntry(String name, String description, ClassLister lister, SplitLoader loader) {
        this.name = name;
        this.description = description;
        this.lister = lister;
        this.loader = loader;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final String description() {
        return description;
    }

    @Override
    public final List<String> classes(Path root) throws IOException {
        return lister.classes(root);
    }

    @Override
    public final ClassSplit load(Path root, String className) throws IOException {
        return loader.load(root, className);
    }
}
