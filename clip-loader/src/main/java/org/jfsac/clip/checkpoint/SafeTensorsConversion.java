package org.jfsac.clip.checkpoint;

import org.jfsac.clip.config.ClipConfig;
import org.jfsac.core.io.ElementType;
import org.jfsac.core.io.HostTensor;
import org.jfsac.core.io.SafeTensors;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An OpenCLIP checkpoint rewritten as safetensors with its model config embedded ({@code jfsac convert}), so that
 * loading it needs neither the pickle reader nor a config guess. Holds one float32 copy of the weights (tensors
 * stream in one at a time) and writes atomically (temp file, then rename).
 */
public final class SafeTensorsConversion {
    /** Metadata key under which the model config JSON is stored. */
    public static final String CONFIG_METADATA_KEY = "jfsac.clip_config";

    private SafeTensorsConversion() {}

    /** Hears how the read goes (e.g. to draw a progress bar). */
    public interface Listener {
        /** Before the first tensor: how many there are. */
        default void reading(int tensors) {}

        /** After each tensor. */
        default void read(String name) {}
    }

    /** What was written: the config embedded and the number of tensors. */
    public record Result(ClipConfig config, int tensors) {}

    /**
     * Converts {@code in} to {@code out}.
     *
     * @param config   the architecture, or null to infer it from the tensor shapes (the file name hints QuickGELU)
     * @param half     store float16 instead of float32
     * @param listener hears the read's progress
     * @return the config embedded and the tensor count
     * @throws IllegalArgumentException when {@code out} is {@code in}, or the weights do not fit the config
     * @throws IOException naming the file when the checkpoint cannot be read or the output written
     */
    public static Result convert(Path in, Path out, ClipConfig config, boolean half, Listener listener) throws IOException {
        if (Files.exists(out) && Files.isSameFile(in, out)) throw new IllegalArgumentException("the output must differ from the checkpoint");
        LinkedHashMap<String, HostTensor> sd = new LinkedHashMap<>();
        try (CheckpointFile file = CheckpointFile.open(in)) {
            file.shapes().keySet().forEach(k -> sd.put(k, null)); // the declared order; filled as the data streams in
            listener.reading(sd.size());
            file.stream((name, t) -> {
                sd.put(name, t);
                listener.read(name);
            });
        }
        ClipConfig cfg = config != null ? config : ClipConfig.infer(sd, in.getFileName().toString()).config();
        cfg.validate(sd);
        Map<String, String> md = new LinkedHashMap<>();
        md.put("format", "pt");
        md.put(CONFIG_METADATA_KEY, cfg.toJson());
        md.put("jfsac.source", in.getFileName().toString());
        SafeTensors.write(out, sd, md, half ? ElementType.FLOAT16 : ElementType.FLOAT32);
        return new Result(cfg, sd.size());
    }
}
