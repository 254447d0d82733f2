package org.jfsac.fsac.report;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.jfsac.core.io.AtomicFiles;
import org.jfsac.core.io.HostTensor;
import org.jfsac.core.io.Npy;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Saliency examples kept beside a run's results (image and mask as PNG, the map as float32 .npy, name, score and
 * pixel AUROC in {@value #INDEX}), so that a resumed run draws the very same overlays without the model.
 * The index is written last: a folder without it is an unfinished set.
 */
public final class SaliencyFiles {
    private SaliencyFiles() {}

    /** The index file of a combination's examples (their order and how many were requested). */
    public static final String INDEX = "examples.json";

    /** Writes {@code examples}, drawn for {@code requested} anomalous examples per class, into {@code dir}. */
    public static void write(Path dir, int requested, List<SaliencyExample> examples) throws IOException {
        Files.createDirectories(dir);
        JsonArray list = new JsonArray();
        for (int i = 0; i < examples.size(); i++) {
            SaliencyExample e = examples.get(i);
            String stem = String.format("%02d", i);
            Heatmap.writePng(e.image(), dir.resolve(stem + ".image.png"));
            if (e.mask() != null) Heatmap.writePng(e.mask(), dir.resolve(stem + ".mask.png"));
            float[][] map = e.saliency();
            int h = map.length, w = h == 0 ? 0 : map[0].length;
            float[] flat = new float[h * w];
            for (int y = 0; y < h; y++) System.arraycopy(map[y], 0, flat, y * w, w);
            Npy.write(dir.resolve(stem + ".saliency.npy"), new HostTensor(new int[]{h, w}, flat));
            JsonObject j = new JsonObject();
            j.addProperty("stem", stem);
            j.addProperty("image", e.imageName());
            j.addProperty("score", e.score());
            if (e.pixelAuroc() != null) j.addProperty("pixel_auroc", e.pixelAuroc());
            j.addProperty("mask", e.mask() != null);
            list.add(j);
        }
        JsonObject index = new JsonObject();
        index.addProperty("requested", requested);
        index.add("examples", list);
        AtomicFiles.writeString(dir.resolve(INDEX), new GsonBuilder().setPrettyPrinting().create().toJson(index));
    }

    /** The examples {@link #write} kept in {@code dir} for {@code requested}, or null if there is no finished set for it. */
    public static List<SaliencyExample> read(Path dir, int requested) throws IOException {
        Path indexFile = dir.resolve(INDEX);
        if (!Files.isRegularFile(indexFile)) return null;
        try {
            JsonObject index = JsonParser.parseString(Files.readString(indexFile)).getAsJsonObject();
            if (index.get("requested").getAsInt() != requested) return null;
            List<SaliencyExample> out = new ArrayList<>();
            for (JsonElement el : index.getAsJsonArray("examples")) {
                JsonObject j = el.getAsJsonObject();
                String stem = j.get("stem").getAsString();
                HostTensor t = Npy.readFloat(dir.resolve(stem + ".saliency.npy"));
                int h = t.shape()[0], w = t.shape()[1];
                float[][] map = new float[h][w];
                for (int y = 0; y < h; y++) System.arraycopy(t.data(), y * w, map[y], 0, w);
                out.add(new SaliencyExample(j.get("image").getAsString(), png(dir.resolve(stem + ".image.png")), map,
                        j.get("mask").getAsBoolean() ? png(dir.resolve(stem + ".mask.png")) : null, j.get("score").getAsDouble(),
                        j.has("pixel_auroc") ? j.get("pixel_auroc").getAsDouble() : null));
            }
            return out;
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(indexFile + ": broken saliency examples (" + e.getMessage() + "); use --overwrite", e);
        }
    }

    private static BufferedImage png(Path file) throws IOException {
        BufferedImage img = ImageIO.read(file.toFile());
        if (img == null) throw new IOException(file + ": not a PNG image");
        return img;
    }
}
