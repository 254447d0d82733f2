package org.jfsac.fsac.report;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The header of a report: a title, the run's settings in display order (checkpoint, model, dataset root, preset,
 * options, ... — free-form) and a paragraph on the evaluation protocol (which epoch is reported, seeds, metrics).
 */
public record RunInfo(String title, Map<String, String> settings, String protocol) {

    public RunInfo {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(protocol, "protocol");
        // An unmodifiable copy that keeps the caller's order (Map.copyOf would not).
        settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
        settings.forEach((k, v) -> {
            Objects.requireNonNull(k, "setting name");
            Objects.requireNonNull(v, "value of setting " + k);
        });
    }
}
