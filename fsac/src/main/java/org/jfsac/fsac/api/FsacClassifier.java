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
import org.jfsac.fsac.towers.ClipBackbone;
import org.jfsac.fsac.method.FsacConfig;
import org.jfsac.fsac.method.FsacHead;
import org.jfsac.fsac.method.Scorer;
import org.jfsac.fsac.method.Synthesizer;
import org.jfsac.fsac.method.TextPrototypes;
import org.jfsac.fsac.method.Trainer;
import org.jfsac.fsac.settings.SettingsDiff;
import org.jfsac.clip.image.RgbImage;

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
 * {@link #close} frees the head's device memory (not the shared backbone's: close that with {@link ClipBackbone#close}).
 */
public final class FsacClassifier implements AutoCloseable {
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
        Tensor t = TextPrototypes.compute(className, clip::encodeTexts, 32, cfg.prompts);
        return new FsacClassifier(clip, className, cfg.copy(), t, null);
    }

    /** As {@link #create} with text prototypes computed elsewhere (e.g. cached). */
    public static FsacClassifier create(ClipBackbone clip, String className, FsacConfig cfg, Tensor prototypes) {
        return new FsacClassifier(clip, className, cfg.copy(), prototypes, null);
    }

    /** The class name the text prototypes were made for. */
    public String className() { return className; }

    /** Id of the CLIP weights this classifier runs on. */
    public String weightsId() { return clip.weightsId; }

    /** A copy of this classifier's hyper-parameters. */
    public FsacConfig config() { return cfg.copy(); }

    /** The text prototypes [2, C] (normal, anomalous) the head compares against. */
    public Tensor prototypes() { return prototypes; }

    /** The mean training loss of each epoch (empty before fit; not saved with the head). */
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
        List<RgbImage> imgs = new ArrayList<>();
        for (BufferedImage b : normals) imgs.add(RgbImage.fromBufferedImage(b));
        // the images' own features: preprocessing sees a BufferedImage's mode (alpha, palette) as it is
        return fitRgb(imgs, normalFeatures != null ? normalFeatures : clip.encodeImages(normals), seed, listener);
    }

    /**
     * As {@link #fit(List, Tensor, long, Trainer.EpochListener)} for 8-bit RGB images (e.g. decoded with
     * {@link RgbImage#read}), which go to synthesis and preprocessing as they are.
     *
     * @param normals        the k normal images
     * @param normalFeatures their raw features [k, C] if already known (else encoded here)
     * @param seed           fixes init, shuffles and synthesis
     * @param listener       per-epoch callback (progress, best-epoch selection), may be null
     * @return the fitted classifier
     */
    public FsacClassifier fitRgb(List<RgbImage> normals, Tensor normalFeatures, long seed, Trainer.EpochListener listener) {
        if (fitted) throw new IllegalStateException("classifier already fitted; create a new one");
        Tensor feats = normalFeatures != null ? normalFeatures : clip.encodeRgb(normals);
        FsacHead h = new FsacHead(clip.model.backend(), clip.embedDim(), new Rng(seed));
        Trainer trainer = new Trainer(cfg, clip::encodeRgb, Synthesizer.from(cfg, className));
        lossHistory = List.copyOf(trainer.train(h, prototypes, normals, feats, seed, listener));
        return adoptHead(h);
    }

    /**
     * A fitted classifier that uses {@code head} as it is (e.g. weights imported with {@link AuthorsHeads}),
     * with this classifier's backbone, class, configuration and text prototypes. The head's width must be
     * the backbone's; its parameters are frozen.
     */
    public FsacClassifier withHead(FsacHead head) {
        if (head.dim != clip.embedDim())
            throw new IllegalArgumentException("head of width " + head.dim + " does not fit the CLIP model's width " + clip.embedDim());
        return adoptHead(head);
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

    /** Anomaly scores of a batch of images, encoded together (in the backbone's batch size). */
    public double[] score(List<BufferedImage> images) {
        return images.isEmpty() ? new double[0] : scoreFeatures(clip.encodeImages(images));
    }

    /** Scores of raw features [N, C] under this classifier's scoring protocol. */
    public double[] scoreFeatures(Tensor features) {
        return Scorer.score(head(), prototypes, features, cfg);
    }

    /** Input-gradient saliency (Eq. 17): |∂AS/∂x| averaged over channels, an S×S map, with the score. */
    public record Saliency(float[][] map, double score) {}

    /**
     * The saliency map of one image and its score.
     *
     * @param image the image, preprocessed as the backbone does
     * @return |∂AS/∂x| per pixel, and AS
     */
    public Saliency saliency(BufferedImage image) {
        return saliency(clip.preprocess(image));
    }

    /**
     * As {@link #saliency(BufferedImage)} for an image preprocessed already (e.g. with the backbone's
     * {@code preprocess(Path)}, so that one preprocessing serves the map and its overlay).
     *
     * @param image the image as the backbone preprocesses it
     * @return |∂AS/∂x| per pixel, and AS
     */
    public Saliency saliency(org.jfsac.clip.image.PreprocessedImage image) {
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
        // The complete model config and preprocessing: a head is loaded onto exactly the model it was fitted on.
        meta.add("clip_config", JsonParser.parseString(clip.model.config.toJson()));
        meta.addProperty("clip_resize", clip.resize.name());
        extra.forEach(meta::addProperty);
        String json = GSON.toJson(meta);
        SafeTensors.write(file, tensors, Map.of("jfsac.head", json), ElementType.FLOAT32);
        Path sidecar = file.resolveSibling(file.getFileName() + ".json");
        org.jfsac.core.io.AtomicFiles.writeString(sidecar, json);
    }

    /** The head as the bytes of the file {@link #save(Path)} writes (to ship it to other JVMs). */
    public byte[] toBytes() throws IOException { return HeadBytes.of(this::save); }

    /** Loads a head from the bytes of a saved head file (see {@link #toBytes}). */
    public static FsacClassifier load(ClipBackbone clip, byte[] head) throws IOException {
        return HeadBytes.with(head, file -> load(clip, file));
    }

    /** Loads a head from a stream holding a saved head file; the stream is read to its end, not closed. */
    public static FsacClassifier load(ClipBackbone clip, java.io.InputStream head) throws IOException {
        return load(clip, head.readAllBytes());
    }

    /**
     * Frees the head's device memory now; the classifier is unusable afterwards. The text prototypes (2×C,
     * possibly shared through {@link #create(ClipBackbone, String, FsacConfig, Tensor)}) are left to the GC.
     */
    @Override
    public void close() {
        if (head != null) for (Tensor p : head.parameters()) p.release();
    }


    /**
     * The metadata of a saved head (class, weights id, config, extras) as a flat map: text values as they are,
     * numbers and nested objects (the {@code fsac_config}) as JSON text.
     *
     * @param file a head written by {@link #save}
     * @return the top-level metadata entries, in file order
     * @throws IOException when the file is missing or not a jfsac head
     */
    public static Map<String, String> readMetadata(Path file) throws IOException {
        Map<String, String> flat = new LinkedHashMap<>();
        metadataJson(file).entrySet().forEach(e -> flat.put(e.getKey(),
                e.getValue().isJsonPrimitive() ? e.getValue().getAsString() : e.getValue().toString()));
        return flat;
    }

    private static JsonObject metadataJson(Path file) throws IOException {
        if (!Files.isRegularFile(file)) throw new java.nio.file.NoSuchFileException(file.toString(), null, "head file not found");
        try (SafeTensorsReader r = SafeTensorsReader.open(file)) {
            String json = r.metadata() == null ? null : r.metadata().get("jfsac.head");
            if (json == null) throw new IOException(file + ": not a jfsac head (no jfsac.head metadata)");
            return JsonParser.parseString(json).getAsJsonObject();
        } catch (com.google.gson.JsonParseException | IllegalStateException e) {
            throw new IOException(file + ": corrupt jfsac.head metadata (" + e.getMessage() + ")", e);
        }
    }

    /** Refuses a model whose config or preprocessing differs from the one the head was fitted on (heads saved before they were recorded pass). */
    private static void requireSameModel(Path file, JsonObject meta, ClipBackbone clip) {
        if (meta.has("clip_config")) {
            List<String> d = SettingsDiff.differences(meta.getAsJsonObject("clip_config"),
                    JsonParser.parseString(clip.model.config.toJson()).getAsJsonObject());
            if (!d.isEmpty())
                throw new IllegalArgumentException(file + ": head was fitted on another model config than the loaded one: "
                        + SettingsDiff.summary(d, 6) + " (head → loaded)");
        }
        if (meta.has("clip_resize") && !meta.get("clip_resize").getAsString().equals(clip.resize.name()))
            throw new IllegalArgumentException(file + ": head was fitted with preprocessing " + meta.get("clip_resize").getAsString()
                    + ", but the loaded model uses " + clip.resize.name());
    }

    private static String field(JsonObject meta, String name, Path file) throws IOException {
        if (!(meta.get(name) instanceof com.google.gson.JsonPrimitive p) || !p.isString()) {
            throw new IOException(file + ": jfsac.head metadata lacks the string field '" + name + "'");
        }
        return p.getAsString();
    }

    /** Loads a head saved by {@link #save}; refuses one trained on other CLIP weights, model config or preprocessing. */
    public static FsacClassifier load(ClipBackbone clip, Path file) throws IOException {
        JsonObject meta = metadataJson(file);
        Map<String, HostTensor> tensors = SafeTensors.read(file);
        String weights = field(meta, "clip_weights", file);
        if (!weights.equals(clip.weightsId))
            throw new IllegalArgumentException(file + ": head was trained on CLIP weights " + weights + ", but the loaded model is " + clip.weightsId);
        requireSameModel(file, meta, clip);
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
