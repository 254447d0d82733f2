package org.jfsac.fsac.report;

import org.jfsac.fsac.method.Methods;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The header of a report: a title, the run's settings in display order (checkpoint, model, dataset root, preset,
 * options, ... — free-form), a paragraph on the evaluation protocol (which epoch is reported, seeds, metrics) and
 * the run's methods in column order (methods of the rows that it does not name follow, in order of appearance).
 */
public record RunInfo(String title, Map<String, String> settings, String protocol, List<String> methods) {

    /** A header whose tables order the methods as they are registered ({@link Methods#names()}). */
    public RunInfo(String title, Map<String, String> settings, String protocol) {
        this(title, settings, protocol, Methods.names());
    }

    public RunInfo {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(protocol, "protocol");
        methods = List.copyOf(methods);
        // An unmodifiable copy that keeps the caller's order (Map.copyOf would not).
        settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
        settings.forEach((k, v) -> {
            Objects.requireNonNull(k, "setting name");
            Objects.requireNonNull(v, "value of setting " + k);
        });
    }
}
