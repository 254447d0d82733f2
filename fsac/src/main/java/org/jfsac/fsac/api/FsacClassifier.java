package org.jfsac.fsac.api;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.jfsac.core.io.ElementType;
import org.jfsac.core.io.HostTensor;
import org.jfsac.core.io.SafeTensors;
import org.jfsac.core.io.SafeTensorsReader;
import org.jfsac.core.random.Rng;
import org.jfsac.core.tensor.GradMode;
import org.jfsac.core.tensor.Tensor;
import org.jfsac.fsac.clip.ClipBackbone;
import org.jfsac.fsac.method.FsacConfig;
import org.jfsac.fsac.method.FsacHead;
import org.jfsac.fsac.method.Scorer;
import org.jfsac.fsac.method.Synthesizer;
import org.jfsac.fsac.method.TextPrototypes;
import org.jfsac.fsac.method.Trainer;
import org.jfsac.fsac.synth.RgbImage;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A CLIP-FSAC++ anomaly classifier for one object class, for use inside a JVM service.
 *
 * <pre>{@code
 * ClipBackbone clip = ...;                                   // a loaded OpenCLIP checkpoint
 * FsacClassifier c = FsacClassifier.create(clip, "metal_nut", FsacConfig.preset("mvtec"));
 * c.fit(List.of(ImageIO.read(new File("good1.png"))), 0);    // k normal images, seed
 * double as = c.score(ImageIO.read(new File("part.png")));   // anomaly score in [0, 1]
 * c.save(Path.of("metal_nut.head.safetensors"));
 * FsacClassifier same = FsacClassifier.load(clip, Path.of("metal_nut.head.safetensors"));
 * }</pre>
 * After {@link #fit}, {@link #score} and {@link #saliency} are thread-safe (the head is read-only).
 */
public final class FsacClassifier {
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();

    private final ClipBackbone clip;
    private final String className;
    private final FsacConfig cfg;
    private final Tensor prototypes;
    private final FsacHead head;
    private volatile boolean fitted;
    private List<Double> lossHistory = List.of();

    private FsacClassifier(ClipBackbone clip, String className, FsacConfig cfg, Tensor prototypes, FsacHead head) {
        this.clip = clip;
        this.className = className;
        this.cfg = cfg;
        this.prototypes = prototypes;
        this.head = head;
    }

    /** A classifier whose text prototypes come from the CPE prompts for className (computed now). */
    public static FsacClassifier create(ClipBackbone clip, String className, FsacConfig cfg) {
        Tensor t = TextPrototypes.compute(className, clip::encodeTexts, 32);
        return new FsacClassifier(clip, className, cfg.copy(), t, null);
    }

    /** As {@link #create} with text prototypes computed elsewhere (e.g. cached). */
    public static FsacClassifier create(ClipBackbone clip, String className, FsacConfig cfg, Tensor prototypes) {
        return new FsacClassifier(clip, className, cfg.copy(), prototypes, null);
    }

    public String className() { return className; }

    public FsacConfig config() { return cfg.copy(); }

    public Tensor prototypes() { return prototypes; }

    public List<Double> lossHistory() { return lossHistory; }

    /** Trains the head on k normal images with synthetic anomalies; seed fixes init, shuffles and synthesis. */
    public FsacClassifier fit(List<BufferedImage> normals, long seed) {
        return fit(normals, null, seed, null);
    }

    /**
     * @param normalFeatures their raw features [k, C] if already known (else encoded here)
     * @param listener       per-epoch callback (progress, best-epoch selection), may be null
     */
    public FsacClassifier fit(List<BufferedImage> normals, Tensor normalFeatures, long seed, Trainer.EpochListener listener) {
        if (fitted) throw new IllegalStateException("classifier already fitted; create a new one");
        List<RgbImage> imgs = new ArrayList<>();
        for (BufferedImage b : normals) imgs.add(RgbImage.fromBufferedImage(b));
        Tensor feats = normalFeatures != null ? normalFeatures : clip.encodeImages(normals);
        FsacHead h = new FsacHead(clip.model.backend(), clip.embedDim(), new Rng(seed));
        Trainer trainer = new Trainer(cfg, images -> clip.encodeImages(images.stream().map(RgbImage::toBufferedImage).toList()),
                Synthesizer.from(cfg));
        lossHistory = List.copyOf(trainer.train(h, prototypes, imgs, feats, seed, listener));
        return adoptHead(h);
    }

    private FsacClassifier adoptHead(FsacHead h) {
        for (Tensor p : h.parameters()) p.requiresGrad(false);
        FsacClassifier c = new FsacClassifier(clip, className, cfg, prototypes, h);
        c.lossHistory = lossHistory;
        c.fitted = true;
        return c;
    }

    private FsacHead head() {
        if (head == null) throw new IllegalStateException("classifier for '" + className + "' is not fitted: call fit() or load()");
        return head;
    }

    /** The fitted head (read-only use). */
    public FsacHead fittedHead() { return head(); }

    /** Anomaly score AS in [0, 1] of one image (per-image protocol). */
    public double score(BufferedImage image) {
        return scoreFeatures(clip.encodeImages(List.of(image)))[0];
    }

    /** Scores of raw features [N, C] under this classifier's scoring protocol. */
    public double[] scoreFeatures(Tensor features) {
        return Scorer.score(head(), prototypes, features, cfg);
    }

    /** Input-gradient saliency (Eq. 17): |∂AS/∂x| averaged over channels, an S×S map, with the score. */
    public record Saliency(float[][] map, double score) {}

    public Saliency saliency(BufferedImage image) {
        FsacHead h = head();
        Tensor x = clip.pixels(image).requiresGrad(true);
        Tensor as;
        try (GradMode g = GradMode.enableGrad()) {
            as = h.forward(clip.model.encodeImage(x), prototypes, cfg).anomalyScore().sum();
            as.backward();
        }
        int s = clip.imageSize();
        float[] grad = x.grad().toArray();
        float[][] map = new float[s][s];
        for (int c = 0; c < 3; c++)
            for (int y = 0; y < s; y++)
                for (int xx = 0; xx < s; xx++) map[y][xx] += Math.abs(grad[(c * s + y) * s + xx]) / 3f;
        return new Saliency(map, as.item());
    }

    // ------------------------------------------------------------------ persistence

    /** Writes the head as safetensors; the metadata holds every hyper-parameter, the class and the weights id. */
    public void save(Path file) throws IOException { save(file, Map.of()); }

    /** As {@link #save(Path)}, with extra metadata (e.g. where the checkpoint lives, the preprocessing). */
    public void save(Path file, Map<String, String> extra) throws IOException {
        Map<String, HostTensor> tensors = new LinkedHashMap<>();
        head().stateDict().forEach((k, t) -> tensors.put(k, new HostTensor(t.shape(), t.toArray())));
        tensors.put("prototypes", new HostTensor(prototypes.shape(), prototypes.toArray()));
        JsonObject meta = new JsonObject();
        meta.addProperty("class_name", className);
        meta.addProperty("clip_weights", clip.weightsId);
        meta.addProperty("embed_dim", clip.embedDim());
        meta.add("fsac_config", JsonParser.parseString(cfg.toJson()));
        extra.forEach(meta::addProperty);
        String json = GSON.toJson(meta);
        SafeTensors.write(file, tensors, Map.of("jfsac.head", json), ElementType.FLOAT32);
        Path sidecar = file.resolveSibling(file.getFileName() + ".json");
        org.jfsac.core.io.AtomicFiles.writeString(sidecar, json);
    }

    /** The JSON metadata of a saved head (class, weights id, config, extras). */
    public static JsonObject readMetadata(Path file) throws IOException {
        if (!Files.isRegularFile(file)) throw new java.nio.file.NoSuchFileException(file.toString(), null, "head file not found");
        try (SafeTensorsReader r = SafeTensorsReader.open(file)) {
            String json = r.metadata() == null ? null : r.metadata().get("jfsac.head");
            if (json == null) throw new IOException(file + ": not a jfsac head (no jfsac.head metadata)");
            return JsonParser.parseString(json).getAsJsonObject();
        } catch (com.google.gson.JsonParseException | IllegalStateException e) {
            throw new IOException(file + ": corrupt jfsac.head metadata (" + e.getMessage() + ")", e);
        }
    }

    private static String field(JsonObject meta, String name, Path file) throws IOException {
        if (!(meta.get(name) instanceof com.google.gson.JsonPrimitive p) || !p.isString()) {
            throw new IOException(file + ": jfsac.head metadata lacks the string field '" + name + "'");
        }
        return p.getAsString();
    }

    /** Loads a head saved by {@link #save}; refuses one trained on other CLIP weights. */
    public static FsacClassifier load(ClipBackbone clip, Path file) throws IOException {
        JsonObject meta = readMetadata(file);
        Map<String, HostTensor> tensors = SafeTensors.read(file);
        String weights = field(meta, "clip_weights", file);
        if (!weights.equals(clip.weightsId))
            throw new IllegalArgumentException(file + ": head was trained on CLIP weights " + weights + ", but the loaded model is " + clip.weightsId);
        FsacConfig cfg;
        try {
            cfg = FsacConfig.fromJson(meta.get("fsac_config").toString());
        } catch (RuntimeException e) { // a missing or malformed field: Gson's parse and cast errors
            throw new IOException(file + ": corrupt fsac_config in the jfsac.head metadata (" + e.getMessage() + ")", e);
        }
        cfg.checkFinite(file.toString());
        for (Map.Entry<String, HostTensor> e : tensors.entrySet()) org.jfsac.core.limits.Finite.check(file.toString(), e.getKey(), e.getValue().data());
        HostTensor pt = tensors.remove("prototypes");
        if (pt == null) throw new IOException(file + ": missing tensor 'prototypes'");
        var be = clip.model.backend();
        FsacHead h = new FsacHead(be, clip.embedDim(), Rng.zeros());
        Map<String, Tensor> values = new LinkedHashMap<>();
        tensors.forEach((k, v) -> values.put(k, Tensor.of(be, v.data(), v.shape())));
        h.loadStateDict(values);
        FsacClassifier c = new FsacClassifier(clip, field(meta, "class_name", file), cfg, Tensor.of(be, pt.data(), pt.shape()), null);
        return c.adoptHead(h);
    }
}
