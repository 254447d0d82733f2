package org.jfsac.tools;

import org.jfsac.fsac.method.Methods;

import java.util.Iterator;

/** {@code --methods}' values, read from the registry, for --help and shell completion. */
final class MethodNames implements Iterable<String> {
    @Override public Iterator<String> iterator() {
        return Methods.names().iterator();
    }
}
