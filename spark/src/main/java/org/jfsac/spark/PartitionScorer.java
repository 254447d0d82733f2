package org.jfsac.spark;

import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.jfsac.clip.image.PreprocessedImage;
import org.jfsac.core.errors.ErrorLine;
import org.jfsac.fsac.api.FsacClassifier;
import org.jfsac.fsac.api.HeadDescription;
import org.jfsac.fsac.report.Heatmap;
import org.jfsac.fsac.towers.ClipBackbone;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.UUID;

/**
 * Scores one partition in batches: reads up to batchSize rows, decodes and preprocesses their images as the
 * command line does ({@link ImageInput}), encodes each class's images in one pass, and emits the rows with
 * anomaly_score (+ is_anomalous, saliency_path) and error. A row that cannot be read, decoded or scored gets a
 * null score and its one-line message; the task goes on.
 */
final class PartitionScorer implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 2L;

    private final ScoringSettings s;
    private final Broadcast<Map<String, HeadDescription>> heads;

    PartitionScorer(ScoringSettings s, Broadcast<Map<String, HeadDescription>> heads) {
        this.s = s;
        this.heads = heads;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
        ClipBackbone clip = ExecutorModels.backbone(s.backbone());
        // each class's classifier looked up once per partition; the broadcast is read only if this JVM lacks the head
        Map<String, FsacClassifier> classifiers = new HashMap<>();
        return new Iterator<>() {
            private final ArrayDeque<Row> ready = new ArrayDeque<>();

            @Override public boolean hasNext() {
                if (ready.isEmpty() && rows.hasNext()) {
                    List<Row> batch = new ArrayList<>(s.batchSize());
                    while (batch.size() < s.batchSize() && rows.hasNext()) batch.add(rows.next());
                    ready.addAll(score(batch, clip, classifiers));
                }
                return !ready.isEmpty();
            }

            @Override public Row next() {
                if (!hasNext()) throw new NoSuchElementException();
                return ready.poll();
            }
        };
    }

    /** One row's outcome while its batch is being scored. */
    private static final class Slot {
        PreprocessedImage image;
        Double score;
        String error, saliency;
    }

    private List<Row> score(List<Row> batch, ClipBackbone clip, Map<String, FsacClassifier> classifiers) {
        Slot[] slots = new Slot[batch.size()];
        Map<String, List<Integer>> byClass = new LinkedHashMap<>();
        for (int i = 0; i < slots.length; i++) {
            Slot slot = slots[i] = new Slot();
            Row r = batch.get(i);
            try {
                String cls = s.classIndex() < 0 ? s.defaultClass() : r.isNullAt(s.classIndex()) ? null : r.getString(s.classIndex());
                if (cls == null) throw new IllegalArgumentException("class is null");
                if (!s.headKeys().containsKey(cls)) throw new IllegalArgumentException("no head for class '" + cls + "'");
                slot.image = s.input().preprocess(r, s.imageIndex(), s.nameIndex(), clip);
                byClass.computeIfAbsent(cls, c -> new ArrayList<>()).add(i);
            } catch (Exception e) {
                slot.error = ErrorLine.format(e);
            }
        }
        byClass.forEach((cls, idx) -> scoreClass(clip, classifiers.computeIfAbsent(cls,
                c -> ExecutorModels.classifier(s.backbone(), s.headKeys().get(c), () -> heads.value().get(c))), idx, slots));
        List<Row> out = new ArrayList<>(slots.length);
        for (int i = 0; i < slots.length; i++) out.add(output(batch.get(i), slots[i]));
        return out;
    }

    private void scoreClass(ClipBackbone clip, FsacClassifier c, List<Integer> idx, Slot[] slots) {
        List<PreprocessedImage> images = new ArrayList<>(idx.size());
        for (int i : idx) images.add(slots[i].image);
        try {
            double[] scores = c.scoreFeatures(clip.encodePreprocessed(images));
            for (int j = 0; j < idx.size(); j++) slots[idx.get(j)].score = scores[j];
        } catch (RuntimeException batchFailed) {
            // isolate the image that breaks the batch: score one by one
            for (int i : idx) {
                try {
                    slots[i].score = c.scoreFeatures(clip.encodePreprocessed(List.of(slots[i].image)))[0];
                } catch (RuntimeException e) {
                    slots[i].error = ErrorLine.format(e);
                }
            }
        }
        if (s.saliencyDir() != null) for (int i : idx) if (slots[i].score != null) writeSaliency(c, slots[i]);
        for (int i : idx) slots[i].image = null;
    }

    /** Overlay of the input-gradient saliency on the model's view of the image, under a name no other row uses. */
    private void writeSaliency(FsacClassifier c, Slot slot) {
        try {
            FsacClassifier.Saliency sal = c.saliency(slot.image);
            Path file = Path.of(s.saliencyDir()).resolve("saliency-" + UUID.randomUUID() + ".png");
            Heatmap.writePng(Heatmap.overlay(slot.image.toBufferedImage(), sal.map(), 0.5), file);
            slot.saliency = file.toString();
        } catch (Exception e) {
            slot.error = "saliency: " + ErrorLine.format(e);
        }
    }

    private Row output(Row in, Slot slot) {
        int n = in.size();
        Object[] v = new Object[n + 2 + (s.threshold() != null ? 1 : 0) + (s.saliencyDir() != null ? 1 : 0)];
        for (int i = 0; i < n; i++) v[i] = in.get(i);
        v[n++] = slot.score;
        if (s.threshold() != null) v[n++] = slot.score == null ? null : slot.score >= s.threshold();
        if (s.saliencyDir() != null) v[n++] = slot.saliency;
        v[n] = slot.error;
        return RowFactory.create(v);
    }
}
