package org.jfsac.spark;

import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.jfsac.fsac.api.FsacClassifier;
import org.jfsac.fsac.api.HeadDescription;
import org.jfsac.fsac.report.Heatmap;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.UUID;

/**
 * Scores one partition in batches: reads up to batchSize rows, decodes their images, scores each class's
 * images in one call, and emits the rows with anomaly_score (+ is_anomalous, saliency_path) and error.
 * A row that cannot be read, decoded or scored gets a null score and its message; the task goes on.
 */
final class PartitionScorer implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;

    private final ScoringSettings s;
    private final Broadcast<Map<String, HeadDescription>> heads;

    PartitionScorer(ScoringSettings s, Broadcast<Map<String, HeadDescription>> heads) {
        this.s = s;
        this.heads = heads;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
        // each class's classifier looked up once per partition, not per batch (the lookup hashes the head's bytes)
        Map<String, FsacClassifier> classifiers = new java.util.HashMap<>();
        return new Iterator<>() {
            private final ArrayDeque<Row> ready = new ArrayDeque<>();

            @Override public boolean hasNext() {
                if (ready.isEmpty() && rows.hasNext()) {
                    List<Row> batch = new ArrayList<>(s.batchSize());
                    while (batch.size() < s.batchSize() && rows.hasNext()) batch.add(rows.next());
                    ready.addAll(score(batch, classifiers));
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
        BufferedImage image;
        Double score;
        String error, saliency;
    }

    private List<Row> score(List<Row> batch, Map<String, FsacClassifier> classifiers) {
        Slot[] slots = new Slot[batch.size()];
        Map<String, List<Integer>> byClass = new LinkedHashMap<>();
        for (int i = 0; i < slots.length; i++) {
            Slot slot = slots[i] = new Slot();
            Row r = batch.get(i);
            try {
                String cls = s.classIndex() < 0 ? s.defaultClass() : r.isNullAt(s.classIndex()) ? null : r.getString(s.classIndex());
                if (cls == null) throw new IllegalArgumentException("class is null");
                if (!heads.value().containsKey(cls)) throw new IllegalArgumentException("no head for class '" + cls + "'");
                slot.image = s.input().read(r, s.imageIndex());
                byClass.computeIfAbsent(cls, c -> new ArrayList<>()).add(i);
            } catch (Exception e) {
                slot.error = message(e);
            }
        }
        byClass.forEach((cls, idx) -> scoreClass(classifiers.computeIfAbsent(cls, c -> ExecutorModels.classifier(s.backbone(), heads.value().get(c))), idx, slots));
        List<Row> out = new ArrayList<>(slots.length);
        for (int i = 0; i < slots.length; i++) out.add(output(batch.get(i), slots[i]));
        return out;
    }

    private void scoreClass(FsacClassifier c, List<Integer> idx, Slot[] slots) {
        List<BufferedImage> images = new ArrayList<>(idx.size());
        for (int i : idx) images.add(slots[i].image);
        try {
            double[] scores = c.score(images);
            for (int j = 0; j < idx.size(); j++) slots[idx.get(j)].score = scores[j];
        } catch (RuntimeException batchFailed) {
            // isolate the image that breaks the batch: score one by one
            for (int i : idx) {
                try {
                    slots[i].score = c.score(slots[i].image);
                } catch (RuntimeException e) {
                    slots[i].error = message(e);
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
            BufferedImage view = ExecutorModels.backbone(s.backbone()).preprocess(slot.image).toBufferedImage();
            Path file = Path.of(s.saliencyDir()).resolve("saliency-" + UUID.randomUUID() + ".png");
            Heatmap.writePng(Heatmap.overlay(view, sal.map(), 0.5), file);
            slot.saliency = file.toString();
        } catch (Exception e) {
            slot.error = "saliency: " + message(e);
        }
    }

    private Row output(Row in, Slot slot) {
        List<Object> v = new ArrayList<>(in.size() + 4);
        for (int i = 0; i < in.size(); i++) v.add(in.get(i));
        v.add(slot.score);
        if (s.threshold() != null) v.add(slot.score == null ? null : slot.score >= s.threshold());
        if (s.saliencyDir() != null) v.add(slot.saliency);
        v.add(slot.error);
        return RowFactory.create(v.toArray());
    }

    private static String message(Exception e) {
        String m = e.getMessage();
        return m == null ? e.getClass().getSimpleName() : m;
    }
}
