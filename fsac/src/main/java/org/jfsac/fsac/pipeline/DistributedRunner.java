package org.jfsac.fsac.pipeline;

import org.jfsac.fsac.report.ResultRow;
import org.jfsac.fsac.towers.ClipBackbone;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * Runs the paper's protocol ({@link Experiment}) across a cluster. Found with {@link ServiceLoader} (list the
 * class in {@code META-INF/services/org.jfsac.fsac.pipeline.DistributedRunner}) so that the command line depends
 * on no cluster engine: jfsac-spark provides one, named {@code spark}, when its jar and Spark's are on the
 * class path. The output folder must read exactly as a single-machine {@link Experiment#run(Experiment.Options, boolean)}
 * with the same options would write it.
 */
public interface DistributedRunner {
    /** The engine's name, as the command line asks for it (e.g. {@code spark}). */
    String name();

    /**
     * Runs everything of {@code o} not yet in its output folder, claiming the folder first as a single-machine run
     * does; returns the result rows (as results.csv holds them).
     *
     * @param master   where to run, in the engine's terms (Spark: {@code local[*]}, {@code spark://host:7077}, ...)
     * @param source   how a worker loads the backbone (paths readable at the same place on every worker)
     * @param clip     the backbone as this JVM already loaded it from {@code source}; workers in this JVM share it
     * @param cacheDir the feature cache every worker can reach, or null for none
     */
    List<ResultRow> run(String master, BackboneSource source, ClipBackbone clip, Path cacheDir, Experiment.Options o,
                        boolean overwrite, Progress progress) throws IOException;

    /**
     * How to load a CLIP backbone on another JVM: what the command line's model options say, as strings so that
     * it travels to workers.
     *
     * @param checkpoint  OpenCLIP checkpoint path
     * @param model       built-in architecture name, or null (from the checkpoint or modelConfig)
     * @param modelConfig OpenCLIP model config JSON path, or null
     * @param bpe         tokenizer vocabulary path, or null (beside the checkpoint, then the bundled one)
     * @param resize      squash, shortest or openclip-squash
     * @param batch       images per forward pass of the image tower (the same as the driver's, for equal numbers)
     */
    record BackboneSource(String checkpoint, String model, String modelConfig, String bpe, String resize, int batch) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /** The runner of that name on the class path of {@code loader}, if any. */
    static Optional<DistributedRunner> find(String name, ClassLoader loader) {
        for (DistributedRunner r : ServiceLoader.load(DistributedRunner.class, loader))
            if (r.name().equals(name)) return Optional.of(r);
        return Optional.empty();
    }
}
