package org.jfsac.fsac.towers;

import org.jfsac.clip.checkpoint.CheckpointFile;
import org.jfsac.clip.config.ClipConfig;
import org.jfsac.clip.config.InferredConfig;
import org.jfsac.core.backend.Backend;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Loads OpenCLIP checkpoints into {@link ClipModel}s, choosing the architecture as a user expects. */
public final class ClipModels {
    private ClipModels() {}

    /** Metadata key under which the converter stores the config JSON in a safetensors file. */
    public static final String CONFIG_METADATA_KEY = org.jfsac.clip.checkpoint.SafeTensorsConversion.CONFIG_METADATA_KEY;

    /** A loaded model with where its architecture came from and the checkpoint's SHA-256. */
    public record Loaded(ClipModel model, ClipConfig config, String configSource, List<String> notes, Path checkpoint, String sha256) {}

    /**
     * Config choice: an explicit JSON file, else a built-in model name, else the config a converted
     * safetensors file carries, else inferred from the tensor shapes (the file name hints QuickGELU).
     * The weights stream into the model one tensor at a time (see {@link ClipModel#fromCheckpoint}).
     */
    public static Loaded load(Backend backend, Path checkpoint, String modelName, Path configFile) throws IOException {
        try (CheckpointFile file = open(checkpoint)) {
            List<String> notes = new ArrayList<>();
            ClipConfig cfg;
            String source;
            if (configFile != null) {
                cfg = ClipConfig.read(configFile);
                source = configFile.toString();
            } else if (modelName != null) {
                cfg = ClipConfig.builtin(modelName);
                source = "built-in " + modelName;
            } else {
                String embedded = file.metadata().get(CONFIG_METADATA_KEY);
                if (embedded != null) {
                    cfg = ClipConfig.parse(embedded, checkpoint + " metadata");
                    source = "embedded in " + checkpoint.getFileName();
                } else {
                    InferredConfig inf;
                    try {
                        inf = ClipConfig.inferFromShapes(file.shapes(), checkpoint.getFileName().toString());
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException("checkpoint " + checkpoint + ": its tensors match no CLIP model config ("
                                + e.getMessage() + "); name the model with --model or --model-config", e);
                    }
                    cfg = inf.config();
                    notes.addAll(inf.notes());
                    source = "inferred from tensor shapes";
                }
            }
            return build(backend, file, cfg, source, notes);
        }
    }

    /** Loads {@code checkpoint} into a model of exactly {@code config} (e.g. the one a saved head records); {@code source} is named in errors. */
    public static Loaded loadWith(Backend backend, Path checkpoint, ClipConfig config, String source) throws IOException {
        try (CheckpointFile file = open(checkpoint)) {
            return build(backend, file, config, source, new ArrayList<>());
        }
    }

    private static CheckpointFile open(Path checkpoint) throws IOException {
        // only a missing file is "not found": the reader names a directory, a device or pipe, an unreadable file as such
        if (!Files.exists(checkpoint)) throw new java.nio.file.NoSuchFileException(checkpoint.toString(), null, "checkpoint not found");
        return CheckpointFile.open(checkpoint);
    }

    private static Loaded build(Backend backend, CheckpointFile file, ClipConfig cfg, String source, List<String> notes) throws IOException {
        Path checkpoint = file.path();
        try {
            ClipModel m = ClipModel.fromCheckpoint(backend, cfg, file);
            return new Loaded(m, cfg, source, notes, checkpoint, file.sha256());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("checkpoint " + checkpoint + " does not fit the config (" + source + "): " + e.getMessage(), e);
        }
    }

    /**
     * The SHA-256 of a file (how checkpoints are identified in caches and saved heads).
     *
     * @param file the file
     * @return 64 lower-case hex digits
     * @throws IOException when the file cannot be read
     */
    public static String sha256(Path file) throws IOException {
        return org.jfsac.clip.checkpoint.FileDigest.sha256(file);
    }
}
