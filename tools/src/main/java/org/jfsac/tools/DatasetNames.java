package org.jfsac.tools;

import org.jfsac.fsac.data.Datasets;

import java.util.Iterator;

/** {@code --dataset}'s values, read from the registry, for --help and shell completion. */
final class DatasetNames implements Iterable<String> {
    @Override public Iterator<String> iterator() {
        return Datasets.names().iterator();
    }
}
