package org.jfsac.tools;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import org.jfsac.core.backend.Backend;
import org.jfsac.fsac.api.FsacClassifier;
import org.jfsac.fsac.clip.ClipBackbone;
import org.jfsac.fsac.demo.DemoModel;
import org.jfsac.fsac.pipeline.FeatureEncoder;
import org.jfsac.fsac.report.Heatmap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** Score images with a saved head; JSON on stdout, optional saliency heat maps. */
@Command(name = "predict", mixinStandardHelpOptions = true, description = "Score images with a saved head (JSON), optionally writing saliency heat maps.")
final class PredictCommand implements Callable<Integer> {
    @Mixin BackboneOptions backbone;
    @Mixin DeviceOption device;
    @Option(names = "--head", required = true, paramLabel = "HEAD.safetensors") Path head;
    @Option(names = "--image", required = true, arity = "1..*", paramLabel = "FILE") List<Path> images;
    @Option(names = "--saliency", paramLabel = "DIR", description = "write <image>.saliency.png heat-map overlays here") Path saliencyDir;

    @Override public Integer call() throws Exception {
        JsonObject meta = FsacClassifier.readMetadata(head);
        Backend be = device.open();
        ClipBackbone clip;
        if (meta.has("demo_model") && backbone.checkpoint == null) {
            clip = DemoModel.backbone(be, 64, 0);
        } else {
            if (backbone.checkpoint == null && meta.has("checkpoint")) backbone.checkpoint = Path.of(meta.get("checkpoint").getAsString());
            if (backbone.model == null && meta.has("model")) backbone.model = meta.get("model").getAsString();
            if (meta.has("resize")) backbone.resize = meta.get("resize").getAsString();
            clip = backbone.load(be);
        }
        FsacClassifier c = FsacClassifier.load(clip, head);
        JsonArray results = new JsonArray();
        if (saliencyDir != null) Files.createDirectories(saliencyDir);
        for (Path p : images) {
            BufferedImage img = FeatureEncoder.read(p);
            JsonObject r = new JsonObject();
            r.addProperty("image", p.toString());
            if (saliencyDir != null) {
                FsacClassifier.Saliency s = c.saliency(img);
                r.addProperty("anomaly_score", s.score());
                Path png = saliencyDir.resolve(p.getFileName() + ".saliency.png");
                Heatmap.writePng(Heatmap.overlay(clip.preprocess(img).toBufferedImage(), s.map(), 0.5), png);
                r.addProperty("saliency", png.toString());
            } else {
                r.addProperty("anomaly_score", c.score(img));
            }
            results.add(r);
        }
        JsonObject out = new JsonObject();
        out.addProperty("class_name", c.className());
        out.add("results", results);
        System.out.println(JsonOutput.strict(out)); // never NaN in JSON
        return 0;
    }
}
