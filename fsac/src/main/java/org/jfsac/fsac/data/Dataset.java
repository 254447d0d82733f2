package org.jfsac.fsac.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A folder layout that the evaluation ({@code Experiment}, {@code jfsac run --dataset NAME}) can read: it lists
 * the classes under a root and loads one class's train and test split.
 * <p>
 * Implementations are found through {@link java.util.ServiceLoader} ({@link Datasets}): list the class in
 * {@code META-INF/services/org.jfsac.fsac.data.Dataset} of its jar and give it a public no-argument constructor.
 * Loaders list files and never decode images, so they are cheap to call more than once.
 */
public interface Dataset {

    /**
     * The value of {@code --dataset} and of results.csv's dataset column: lower case, no spaces, unique among the
     * registered datasets.
     */
    String name();

    /** One line for {@code --help}: what the layout is and what it expects under the root. */
    String description();

    /**
     * The class names under {@code root}, sorted. A root that is missing or does not have this layout is an
     * exception whose one-line message names the folder.
     */
    List<String> classes(Path root) throws IOException;

    /**
     * One class's split: normal training images (the k-shot pool) and labelled test images, each sorted. Problems
     * that stop evaluation are exceptions naming the file or folder; others are {@link ClassSplit#warnings()}.
     */
    ClassSplit load(Path root, String className) throws IOException;
}
