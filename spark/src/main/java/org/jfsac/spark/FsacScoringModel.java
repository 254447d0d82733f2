package org.jfsac.spark;

import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.jfsac.fsac.api.HeadDescription;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Scores images with fitted CLIP-FSAC++ heads: a Spark ML {@code Transformer} (the model an
 * {@link FsacEstimator} fits, or built from saved heads). Adds {@code anomaly_score} (double, null on
 * failure), {@code is_anomalous} (when a threshold is set), {@code saliency_path} (when a saliency folder is
 * set) and {@code error} (null on success). The image column may be a path/URI, binary file content or
 * Spark's image struct ({@link ImageInput}); with several heads a class column picks each row's head.
 */
public final class FsacScoringModel extends Model<FsacScoringModel> {
    private static final long serialVersionUID = 1L;
    public static final String SCORE = "anomaly_score", ANOMALOUS = "is_anomalous", SALIENCY = "saliency_path", ERROR = "error";

    private final String uid;
    private final BackboneSpec backbone;
    private final HashMap<String, HeadDescription> heads;
    private String imageCol = "image", classCol;
    private Double threshold;
    private int batchSize = 16;
    private String saliencyDir;
    /** Each head's SHA-256 (the executors' cache key), computed once: hashing a large head costs ~0.1 s. */
    private transient Map<String, String> headKeys;
    /** The heads' broadcast, made once per SparkContext and reused by every transform of this model. */
    private transient Broadcast<Map<String, HeadDescription>> broadcast;
    private transient SparkContext broadcastContext;

    /** @param heads the heads by class name (the values the class column holds) */
    public FsacScoringModel(BackboneSpec backbone, Map<String, HeadDescription> heads) {
        this(Identifiable$.MODULE$.randomUID("fsac"), backbone, heads);
    }

    private FsacScoringModel(String uid, BackboneSpec backbone, Map<String, HeadDescription> heads) {
        if (heads.isEmpty()) throw new IllegalArgumentException("no heads");
        this.uid = uid;
        this.backbone = backbone;
        this.heads = new HashMap<>(heads);
    }

    @Override public String uid() { return uid; }

    public Map<String, HeadDescription> heads() { return Map.copyOf(heads); }

    public BackboneSpec backbone() { return backbone; }

    /** The image column (default "image"). */
    public FsacScoringModel setImageCol(String c) { imageCol = c; return this; }

    /** The class column choosing each row's head; needed when there is more than one head. */
    public FsacScoringModel setClassCol(String c) { classCol = c; return this; }

    /** Adds is_anomalous = anomaly_score ≥ t; null removes it. */
    public FsacScoringModel setThreshold(Double t) { threshold = t; return this; }

    /** Images per scoring call within a partition (default 16). */
    public FsacScoringModel setBatchSize(int n) {
        if (n < 1) throw new IllegalArgumentException("batch size must be at least 1, got " + n);
        batchSize = n;
        return this;
    }

    /** A folder every executor can write (shared file system) for saliency PNGs; null for none. */
    public FsacScoringModel setSaliencyDir(String dir) { saliencyDir = dir; return this; }

    @Override
    public StructType transformSchema(StructType schema) {
        ImageInput.of(imageCol, schema.apply(fieldIndex(schema, imageCol)).dataType());
        if (classCol != null && !(schema.apply(fieldIndex(schema, classCol)).dataType() instanceof org.apache.spark.sql.types.StringType))
            throw new IllegalArgumentException("class column '" + classCol + "' must be a string column");
        if (classCol == null && heads.size() > 1)
            throw new IllegalArgumentException("the model has heads for " + heads.size() + " classes " + heads.keySet() + ": set a class column");
        for (String c : new String[]{SCORE, ANOMALOUS, SALIENCY, ERROR})
            if (Arrays.asList(schema.fieldNames()).contains(c)) throw new IllegalArgumentException("input already has a column '" + c + "'");
        StructType out = schema.add(SCORE, DataTypes.DoubleType, true);
        if (threshold != null) out = out.add(ANOMALOUS, DataTypes.BooleanType, true);
        if (saliencyDir != null) out = out.add(SALIENCY, DataTypes.StringType, true);
        return out.add(ERROR, DataTypes.StringType, true);
    }

    private static int fieldIndex(StructType schema, String name) {
        if (!Arrays.asList(schema.fieldNames()).contains(name))
            throw new IllegalArgumentException("no column '" + name + "' in " + Arrays.toString(schema.fieldNames()));
        return schema.fieldIndex(name);
    }

    @Override
    public Dataset<Row> transform(Dataset<?> dataset) {
        StructType in = dataset.schema();
        StructType out = transformSchema(in);
        int imageIndex = in.fieldIndex(imageCol);
        ImageInput input = ImageInput.of(imageCol, in.apply(imageIndex).dataType());
        ScoringSettings s = new ScoringSettings(backbone, input, imageIndex, input.nameIndex(in), classCol == null ? -1 : in.fieldIndex(classCol),
                heads.keySet().iterator().next(), headKeys(), threshold, batchSize, saliencyDir);
        if (saliencyDir != null) {
            try {
                java.nio.file.Files.createDirectories(java.nio.file.Path.of(saliencyDir));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException("saliency folder " + saliencyDir + ": " + e.getMessage(), e);
            }
        }
        return dataset.toDF().mapPartitions(new PartitionScorer(s, broadcast(dataset.sparkSession().sparkContext())), Encoders.row(out));
    }

    private synchronized Map<String, String> headKeys() {
        if (headKeys == null) {
            Map<String, String> k = new HashMap<>();
            heads.forEach((cls, h) -> k.put(cls, h.sha256()));
            headKeys = Map.copyOf(k);
        }
        return headKeys;
    }

    /**
     * One broadcast per model and SparkContext, not one per transform: a new broadcast serialises and compresses
     * every head again (tens of MB for a large model) and executors would fetch them again.
     */
    private synchronized Broadcast<Map<String, HeadDescription>> broadcast(SparkContext sc) {
        if (broadcast == null || broadcastContext != sc || sc.isStopped()) {
            broadcast = JavaSparkContext.fromSparkContext(sc).broadcast(Map.copyOf(heads));
            broadcastContext = sc;
        }
        return broadcast;
    }

    @Override
    public FsacScoringModel copy(ParamMap extra) {
        FsacScoringModel c = new FsacScoringModel(uid, backbone, heads);
        c.imageCol = imageCol;
        c.classCol = classCol;
        c.threshold = threshold;
        c.batchSize = batchSize;
        c.saliencyDir = saliencyDir;
        return copyValues(c, extra).setParent(parent());
    }
}
