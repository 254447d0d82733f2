package org.jfsac.spark;

import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;
import org.jfsac.fsac.api.FsacClassifier;
import org.jfsac.fsac.api.HeadDescription;
import org.jfsac.fsac.towers.ClipBackbone;
import org.jfsac.fsac.method.FsacConfig;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Fits one CLIP-FSAC++ head per class from a DataFrame of normal images (few-shot: k per class) and returns
 * the {@link FsacScoringModel} scoring with them. The k images are brought to the driver and each head is
 * trained there: a few-shot fit is seconds to minutes on k images, while the scoring it enables is what
 * needs the cluster. Every image must be readable: a training set with a broken image fails with its message.
 */
public final class FsacEstimator extends Estimator<FsacScoringModel> {
    private static final long serialVersionUID = 1L;

    private final String uid;
    private final BackboneSpec backbone;
    private String imageCol = "image", classCol, className = "object", config = FsacConfig.preset("mvtec").toJson();
    private long seed;

    public FsacEstimator(BackboneSpec backbone) {
        this(Identifiable$.MODULE$.randomUID("fsacEstimator"), backbone);
    }

    private FsacEstimator(String uid, BackboneSpec backbone) {
        this.uid = uid;
        this.backbone = backbone;
    }

    @Override public String uid() { return uid; }

    public FsacEstimator setImageCol(String c) { imageCol = c; return this; }

    /** Class column: one head per distinct value (the value is also the class name in the prompts). */
    public FsacEstimator setClassCol(String c) { classCol = c; return this; }

    /** Class name for the prompts when there is no class column (default "object"). */
    public FsacEstimator setClassName(String n) { className = n; return this; }

    public FsacEstimator setConfig(FsacConfig cfg) { config = cfg.toJson(); return this; }

    /** Seed of initialisation, shuffles and synthesis (as {@link FsacClassifier#fit}). */
    public FsacEstimator setSeed(long s) { seed = s; return this; }

    @Override
    public StructType transformSchema(StructType schema) {
        return model(Map.of(className, new HeadDescription(className, "", new byte[0]))).transformSchema(schema);
    }

    private FsacScoringModel model(Map<String, HeadDescription> heads) {
        FsacScoringModel m = new FsacScoringModel(backbone, heads).setImageCol(imageCol);
        return classCol == null ? m : m.setClassCol(classCol);
    }

    @Override
    public FsacScoringModel fit(Dataset<?> dataset) {
        StructType schema = dataset.schema();
        ImageInput input = ImageInput.of(imageCol, schema.apply(schema.fieldIndex(imageCol)).dataType());
        // the image, the class, and binaryFile's path when there is one (it names a bad file)
        List<String> cols = new ArrayList<>(List.of(imageCol));
        if (classCol != null) cols.add(classCol);
        int nameAt = input.nameIndex(schema) < 0 ? -1 : cols.size();
        if (nameAt >= 0) cols.add("path");
        List<Row> rows = dataset.toDF().select(imageCol, cols.subList(1, cols.size()).toArray(String[]::new)).collectAsList();
        Map<String, List<BufferedImage>> byClass = new TreeMap<>();
        for (Row r : rows) {
            String cls = classCol == null ? className : r.getString(1);
            if (cls == null) throw new IllegalArgumentException("training row with a null class");
            try {
                byClass.computeIfAbsent(cls, c -> new ArrayList<>()).add(input.read(r, 0, nameAt));
            } catch (IOException e) {
                throw new UncheckedIOException("training image of class '" + cls + "': " + e.getMessage(), e);
            }
        }
        if (byClass.isEmpty()) throw new IllegalArgumentException("no training images");
        ClipBackbone clip = ExecutorModels.backbone(backbone);
        FsacConfig cfg = FsacConfig.fromJson(config);
        Map<String, HeadDescription> heads = new LinkedHashMap<>();
        byClass.forEach((cls, imgs) -> {
            try (FsacClassifier c = FsacClassifier.create(clip, cls, cfg).fit(imgs, seed)) {
                heads.put(cls, HeadDescription.of(c));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        return copyValues(model(heads).setParent(this), ParamMap.empty());
    }

    @Override
    public FsacEstimator copy(ParamMap extra) {
        FsacEstimator e = new FsacEstimator(uid, backbone);
        e.imageCol = imageCol;
        e.classCol = classCol;
        e.className = className;
        e.config = config;
        e.seed = seed;
        return copyValues(e, extra);
    }
}
