package org.jfsac.tools;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import org.jfsac.core.tensor.GradMode;
import org.jfsac.core.tensor.Tensor;
import org.jfsac.fsac.towers.ClipBackbone;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** Raw OpenCLIP image and text embeddings as JSON. */
@Command(name = "embed", mixinStandardHelpOptions = true, description = "Print raw (unnormalised) CLIP image and text embeddings as JSON.")
final class EmbedCommand implements Callable<Integer> {
    @Mixin BackboneOptions backbone;
    @Mixin DeviceOption device;

    @Option(names = "--image", paramLabel = "FILE", description = "an image (repeatable)")
    List<Path> images = new ArrayList<>();

    @Option(names = "--text", paramLabel = "STRING", description = "a text (repeatable)")
    List<String> texts = new ArrayList<>();

    @Mixin TextFileOption textFile;

    @Override public Integer call() throws Exception {
        texts = textFile.texts(texts);
        ClipBackbone clip = backbone.load(device.open());
        JsonObject out = new JsonObject();
        out.addProperty("model", clip.model.config.toJson().replaceAll("\\s+", ""));
        try (GradMode g = GradMode.noGrad()) {
            out.add("image_embeddings", images.isEmpty() ? new JsonArray() : matrix(clip.encodeFiles(images)));
            int[][] tokens = clip.tokenizer.tokenize(texts, clip.model.contextLength());
            out.add("text_embeddings", texts.isEmpty() ? new JsonArray() : matrix(clip.model.encodeText(tokens)));
            JsonArray tk = new JsonArray();
            for (int[] row : tokens) {
                JsonArray r = new JsonArray();
                for (int t : row) r.add(t);
                tk.add(r);
            }
            out.add("text_tokens", tk);
        }
        System.out.println(JsonOutput.strict(out, false));
        return 0;
    }

    static JsonArray matrix(Tensor t) {
        float[] v = t.toArray();
        int cols = t.size(1);
        JsonArray rows = new JsonArray();
        for (int i = 0; i < t.size(0); i++) {
            JsonArray r = new JsonArray();
            for (int j = 0; j < cols; j++) r.add(v[i * cols + j]);
            rows.add(r);
        }
        return rows;
    }
}
