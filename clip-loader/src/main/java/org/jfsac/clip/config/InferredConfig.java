package org.jfsac.clip.config;

import java.util.List;

/**
 * A config derived from tensor shapes, with notes on every value the weights could not decide
 * (attention head counts, QuickGELU): callers should show the notes to the user.
 */
public record InferredConfig(ClipConfig config, List<String> notes) {
    public InferredConfig {
        notes = List.copyOf(notes);
    }
}
