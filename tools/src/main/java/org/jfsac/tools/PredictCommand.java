package org.jfsac.tools;

import com.google.gson.JsonObject;
import org.jfsac.clip.config.ClipConfig;
import org.jfsac.core.backend.Backend;
import org.jfsac.clip.image.PreprocessedImage;
import org.jfsac.fsac.api.CheckpointRef;
import org.jfsac.fsac.api.FsacClassifier;
import org.jfsac.fsac.towers.ClipBackbone;
import org.jfsac.fsac.demo.DemoModel;
import org.jfsac.fsac.report.Heatmap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * Scores images with a saved head for an inspection line: JSON Lines on stdout as images are scored, progress on
 * stderr; a bad image is an error line of its own and the rest is scored.
 */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = "Score images with a saved head: one JSON line per image on stdout "
                + "({\"image\", \"anomaly_score\", \"is_anomalous\"?, \"saliency\"?} or {\"image\", \"error\"}), progress on stderr. "
                + "Exit code 1 when any image could not be scored.")
final class PredictCommand implements Callable<Integer> {

    @Mixin BackboneOptions backbone;
    @Mixin DeviceOption device;
    @Option(names = "--head", required = true, paramLabel = "HEAD.safetensors", description = "a head written by fit (it names its checkpoint)") Path head;
    @Parameters(paramLabel = "IMAGE|DIR", arity = "0..*", description = "images, or folders searched recursively (sorted)") List<Path> paths = new ArrayList<>();
    @Option(names = "--image", paramLabel = "IMAGE|DIR", arity = "1..*", description = "the same as the positional arguments (repeatable)") List<Path> images = new ArrayList<>();
    @Option(names = "--list", paramLabel = "FILE", description = "a file with one image or folder path per line (# comments)") Path list;
    @Option(names = "--batch", defaultValue = "1", paramLabel = "N", description = "images decoded and preprocessed in parallel (default ${DEFAULT-VALUE}); each is still encoded alone, so scores do not depend on it") int batch;
    @Option(names = "--threshold", paramLabel = "T", description = "is_anomalous = score >= T (default: the threshold calibrate stored in the head; none: no is_anomalous)") Double threshold;
    @Option(names = "--saliency", paramLabel = "DIR", description = "write heat-map overlays as DIR/<image path>.saliency.png, mirroring the input's relative path") Path saliencyDir;

    @Override public Integer call() throws Exception {
        // Usage first: nothing is loaded or probed for a command line that cannot run.
        if (batch < 1) throw new IllegalArgumentException("--batch must be at least 1");
        if (threshold != null && !Double.isFinite(threshold)) throw new IllegalArgumentException("--threshold must be a number");
        List<Path> all = new ArrayList<>(paths);
        all.addAll(images);
        List<ImageInputs.Input> inputs = ImageInputs.collect(all, list);
        if (inputs.isEmpty()) throw new IllegalArgumentException("no images: give files, folders or --list FILE");
        if (saliencyDir != null) ImageInputs.requireDistinctOutputs(inputs, "saliency");
        Map<String, String> meta = FsacClassifier.readMetadata(head);
        Double t = threshold != null ? threshold : HeadThreshold.stored(meta);
        Loaded l = loadClassifier(head, meta, backbone, device);
        System.err.println("class '" + l.classifier().className() + "', " + inputs.size() + " image(s), "
                + (t == null ? "no threshold (calibrate stores one; or --threshold)" : "threshold " + t
                + (threshold != null ? " (--threshold)" : " (stored in the head)")));
        BatchScorer scorer = new BatchScorer(l.clip(), l.classifier());
        PrintStream out = System.out;
        int failed = 0;
        try (var bar = new ConsoleProgress().start("predict", inputs.size())) {
            for (int s = 0; s < inputs.size(); s += batch) {
                for (BatchScorer.Scored r : scorer.score(inputs.subList(s, Math.min(inputs.size(), s + batch)))) {
                    JsonObject line = new JsonObject();
                    line.addProperty("image", r.input().toString());
                    if (r.ok()) {
                        line.addProperty("anomaly_score", r.score());
                        if (t != null) line.addProperty("is_anomalous", r.score() >= t);
                        if (saliencyDir != null) {
                            try {
                                line.addProperty("saliency", saliency(l, r.input()).toString());
                            } catch (IOException | RuntimeException e) { // the score stands; say why the map is missing
                                line.addProperty("saliency_error", BatchScorer.errorText(r.input(), e));
                            }
                        }
                    } else {
                        line.addProperty("error", r.error());
                        failed++;
                    }
                    out.println(JsonOutput.strict(line, false)); // one line per image, never NaN
                    out.flush();
                    bar.step();
                }
            }
        }
        System.err.println("scored " + (inputs.size() - failed) + " of " + inputs.size() + " image(s)" + (failed > 0 ? "; " + failed + " failed" : ""));
        return failed > 0 ? 1 : 0;
    }

    private Path saliency(Loaded l, ImageInputs.Input in) throws IOException {
        // one preprocessing of the file (as scoring reads it) for both the map and the overlay
        PreprocessedImage pre = l.clip().preprocess(in.file());
        FsacClassifier.Saliency s = l.classifier().saliency(pre);
        Path png = saliencyDir.resolve(in.relative() + ".saliency.png");
        Files.createDirectories(png.getParent());
        Heatmap.writePng(Heatmap.overlay(pre.toBufferedImage(), s.map(), 0.5), png);
        return png;
    }

    record Loaded(ClipBackbone clip, FsacClassifier classifier) {}

    /** The backbone a head was trained on (its metadata names the checkpoint) and the head itself. */
    static Loaded loadClassifier(Path head, Map<String, String> meta, BackboneOptions backbone, DeviceOption device) throws IOException {
        Backend be = device.open();
        ClipBackbone clip;
        if (meta.containsKey("demo_model") && backbone.checkpoint == null) {
            clip = DemoModel.backbone(be, 64, 0);
        } else {
            if (backbone.checkpoint == null) backbone.checkpoint = CheckpointRef.locate(head, meta);
            if (meta.containsKey("clip_config")) { // the model exactly as fitted; an explicit --model/--model-config must match it
                backbone.recordedConfig = ClipConfig.parse(meta.get("clip_config"), head + " (clip_config)");
                backbone.recordedConfigSource = "recorded in " + head.getFileName();
            } else if (backbone.model == null && meta.containsKey("model")) backbone.model = meta.get("model");
            if (meta.containsKey("resize")) backbone.resize = meta.get("resize");
            clip = backbone.load(be);
        }
        return new Loaded(clip, FsacClassifier.load(clip, head));
    }
}
