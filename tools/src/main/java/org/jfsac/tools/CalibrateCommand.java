package org.jfsac.tools;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import org.jfsac.fsac.api.FsacClassifier;
import org.jfsac.fsac.metrics.Thresholds;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * Chooses a head's decision threshold from labelled images and stores it in the head, where predict finds it.
 * Both rules are computed and reported; --use picks the one stored.
 */
@Command(name = "calibrate", mixinStandardHelpOptions = true,
        description = "Choose a head's anomaly threshold from labelled folders (maximum F1, and a target false-positive rate on the normals), "
                + "print both as JSON and store the chosen one in the head for predict. An image is anomalous when score >= threshold.")
final class CalibrateCommand implements Callable<Integer> {
    @Mixin BackboneOptions backbone;
    @Mixin DeviceOption device;
    @Option(names = "--head", required = true, paramLabel = "HEAD.safetensors", description = "the head to calibrate (rewritten with the threshold)") Path head;
    @Option(names = "--normal", required = true, arity = "1..*", paramLabel = "DIR|FILE", description = "normal images (folders searched recursively)") List<Path> normal;
    @Option(names = "--anomalous", required = true, arity = "1..*", paramLabel = "DIR|FILE", description = "anomalous images (folders searched recursively)") List<Path> anomalous;
    @Option(names = "--target-fpr", defaultValue = "0.01", paramLabel = "RATE", description = "false-positive rate allowed on the normal images (default ${DEFAULT-VALUE})") double targetFpr;
    @Option(names = "--use", defaultValue = "f1-max", paramLabel = "RULE", description = "the threshold stored: f1-max or fpr (default ${DEFAULT-VALUE})") String use;
    @Option(names = "--batch", defaultValue = "8", paramLabel = "N", description = "images decoded and preprocessed in parallel (default ${DEFAULT-VALUE})") int batch;
    @Option(names = "--dry-run", description = "print the thresholds without storing one") boolean dryRun;

    @Override public Integer call() throws Exception {
        if (!use.equals("f1-max") && !use.equals("fpr")) throw new IllegalArgumentException("--use must be f1-max or fpr");
        if (!(targetFpr >= 0 && targetFpr <= 1)) throw new IllegalArgumentException("--target-fpr must be in [0, 1]");
        if (batch < 1) throw new IllegalArgumentException("--batch must be at least 1");
        List<ImageInputs.Input> normals = ImageInputs.collect(normal, null), anomalies = ImageInputs.collect(anomalous, null);
        if (normals.isEmpty() || anomalies.isEmpty())
            throw new IllegalArgumentException("calibration needs both classes: " + normals.size() + " normal and " + anomalies.size() + " anomalous image(s) found");
        java.util.Map<String, String> meta = FsacClassifier.readMetadata(head);
        PredictCommand.Loaded l = PredictCommand.loadClassifier(head, meta, backbone, device);
        List<ImageInputs.Input> all = new ArrayList<>(normals);
        all.addAll(anomalies);
        double[] scores = new double[all.size()];
        int[] labels = new int[all.size()];
        BatchScorer scorer = new BatchScorer(l.clip(), l.classifier());
        try (var bar = new ConsoleProgress().start("calibrate", all.size())) {
            for (int s = 0; s < all.size(); s += batch) {
                List<BatchScorer.Scored> got = scorer.score(all.subList(s, Math.min(all.size(), s + batch)));
                for (int j = 0; j < got.size(); j++) {
                    BatchScorer.Scored r = got.get(j);
                    // A calibration set must be clean: a bad image would silently shift the threshold.
                    if (!r.ok()) throw new IllegalArgumentException(r.input() + ": " + r.error());
                    scores[s + j] = r.score();
                    labels[s + j] = s + j < normals.size() ? 0 : 1;
                }
                bar.step(got.size());
            }
        }
        Thresholds.F1Max f1 = Thresholds.f1Max(scores, labels);
        Thresholds.AtFpr fpr = Thresholds.atFalsePositiveRate(scores, labels, targetFpr);
        JsonObject t = new JsonObject();
        t.addProperty("value", use.equals("fpr") ? fpr.threshold() : f1.threshold());
        t.addProperty("rule", use);
        t.addProperty("normal_images", normals.size());
        t.addProperty("anomalous_images", anomalies.size());
        Gson gson = new Gson(); // records: their components become the keys
        t.add("f1-max", gson.toJsonTree(f1));
        t.add("fpr", gson.toJsonTree(fpr));
        System.err.printf("F1-max threshold %.6g: F1 %.3f (precision %.3f, recall %.3f)%n", f1.threshold(), f1.f1(), f1.precision(), f1.recall());
        System.err.printf("threshold for FPR <= %.4g: %.6g (FPR %.4f, TPR %.4f on these images)%n", targetFpr, fpr.threshold(), fpr.fpr(), fpr.tpr());
        if (!dryRun) {
            HeadThreshold.store(head, t);
            System.err.println("stored the " + use + " threshold " + t.get("value").getAsDouble() + " in " + head);
        }
        System.out.println(new GsonBuilder().setPrettyPrinting().create().toJson(t));
        return 0;
    }
}
