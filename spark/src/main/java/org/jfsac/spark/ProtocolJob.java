package org.jfsac.spark;

import org.jfsac.fsac.method.FsacConfig;
import org.jfsac.fsac.pipeline.Experiment;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * A run of the paper's protocol as a serializable value (paths as strings, the config as JSON), so that
 * executors can rebuild the same {@link Experiment.Options} the driver uses.
 *
 * @param cacheDir feature cache folder every executor can reach (shared file system), or null for none:
 *                 then each executor JVM keeps the test features of a class in memory only
 */
public record ProtocolJob(BackboneSpec backbone, String cacheDir, String dataset, String dataRoot, List<String> classes,
                          List<Integer> shots, int seeds, String configJson, String out, int saliencyExamples,
                          LinkedHashMap<String, String> description, List<Integer> seedList, List<String> methods, boolean skipBadImages) implements Serializable {
    private static final long serialVersionUID = 1L;

    public ProtocolJob {
        classes = List.copyOf(classes);
        shots = List.copyOf(shots);
        description = new LinkedHashMap<>(description);
        seedList = seedList == null ? null : List.copyOf(seedList);
        methods = methods == null ? null : List.copyOf(methods);
    }

    /**
     * The job of these options (the config is copied as JSON). Relative paths are resolved by each executor
     * against its working folder: give absolute paths on a real cluster.
     */
    public static ProtocolJob of(BackboneSpec backbone, Path cacheDir, Experiment.Options o) {
        // paths as given: they appear in scores/ and shots/, which must read as a single-machine run's
        return new ProtocolJob(backbone, cacheDir == null ? null : cacheDir.toString(), o.dataset(), o.dataRoot().toString(),
                o.classes(), o.shots(), o.seeds(), o.cfg().toJson(), o.out().toString(), o.saliencyExamples(),
                new LinkedHashMap<>(o.description()), o.seedList(), o.methods(), o.skipBadImages());
    }

    public Experiment.Options options() {
        return new Experiment.Options(dataset, Path.of(dataRoot), classes, shots, seeds, FsacConfig.fromJson(configJson),
                Path.of(out), saliencyExamples, new LinkedHashMap<>(description), seedList, methods, skipBadImages);
    }
}
