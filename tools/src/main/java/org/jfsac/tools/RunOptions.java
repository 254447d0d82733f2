package org.jfsac.tools;

import org.jfsac.fsac.towers.ClipBackbone;
import org.jfsac.fsac.method.FsacConfig;
import org.jfsac.fsac.pipeline.Experiment;
import org.jfsac.fsac.pipeline.FeatureCache;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** What to evaluate and where to write it (run and demo). */
final class RunOptions {
    @Option(names = "--shots", split = ",", defaultValue = "1,2,4,8", description = "k values (default ${DEFAULT-VALUE})") List<Integer> shots;
    @Option(names = "--seeds", defaultValue = "5", description = "seeds per k (default ${DEFAULT-VALUE})") int seeds;
    @Option(names = "--seed-list", split = ",", paramLabel = "S", description = "run only these seeds, e.g. 0,3 (to split a run over machines; merge the folders with report --merge)") List<Integer> seedList;
    @Option(names = "--classes", split = ",", description = "classes to run (default: all)") List<String> classes = new ArrayList<>();
    @Option(names = "--out", defaultValue = "jfsac-out", paramLabel = "DIR", description = "output folder (default ${DEFAULT-VALUE})") Path out;
    @Option(names = "--saliency", defaultValue = "3", description = "saliency examples per class (default ${DEFAULT-VALUE})") int saliency;
    @Option(names = "--overwrite", description = "start afresh in an --out folder made with other settings (its previous results are removed; "
            + "without it such a folder is refused, and one with the same settings is resumed)") boolean overwrite;
    @Option(names = "--cache", paramLabel = "DIR", description = "feature cache (default: DIR/cache; 'none' disables)") String cache;
    @Option(names = "--shots-from", paramLabel = "DIR", description = "fixed shots for every seed: DIR/<class>/train/good/ (the authors' few-shot folders, exactly k images) or DIR/<class>/k<k>.txt (file names)") Path shotsFrom;
    @Option(names = "--fixed-shots", description = "draw the shots once (seed 0) and use them for every seed") boolean fixedShots;

    int execute(ClipBackbone clip, String dataset, Path data, FsacConfig cfg, Map<String, String> desc) throws Exception {
        if (shotsFrom != null) {
            if (!Files.isDirectory(shotsFrom)) throw new java.nio.file.NoSuchFileException(shotsFrom.toString(), null, "--shots-from folder not found");
            cfg.shotsFrom = shotsFrom.toAbsolutePath().toString();
        }
        if (fixedShots) cfg.fixedShots = true;
        Files.createDirectories(out);
        FeatureCache fc = "none".equals(cache) ? FeatureCache.disabled() : new FeatureCache(cache != null ? Path.of(cache) : out.resolve("cache"));
        desc.put("model", clip.model.config.toJson().replaceAll("\\s+", ""));
        desc.put("preprocessing", clip.resize + " to " + clip.imageSize());
        desc.put("preset", cfg.preset);
        desc.put("shots", shots.toString());
        desc.put("seeds", Integer.toString(seeds));
        desc.put("hyper-parameters", cfg.toJson().replaceAll("\\s+", " "));
        Experiment.Options o = new Experiment.Options(dataset, data, classes, shots, seeds, cfg, out, saliency, desc, seedList);
        new Experiment(clip, fc, new ConsoleProgress()).run(o, overwrite);
        System.out.println(Files.readString(out.resolve("results.md")));
        System.err.println("wrote " + out.resolve("results.csv") + ", " + out.resolve("results.md") + ", " + out.resolve("report.html"));
        return 0;
    }
}
