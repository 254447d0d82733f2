package org.jfsac.fsac.pipeline;

import org.jfsac.core.backend.Devices;
import org.jfsac.core.tensor.Tensor;
import org.jfsac.fsac.data.Sample;
import org.jfsac.fsac.demo.DemoClass;
import org.jfsac.fsac.demo.DemoDataset;
import org.jfsac.fsac.demo.DemoModel;
import org.jfsac.fsac.method.FsacConfig;
import org.jfsac.fsac.method.KnnMethod;
import org.jfsac.fsac.metrics.BinaryMetrics;
import org.jfsac.fsac.report.ResultRow;
import org.jfsac.fsac.report.ResultsCsv;
import org.jfsac.fsac.towers.ClipBackbone;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The methods of a run end to end: kNN beside CLIP-AC and CLIP-FSAC++ in results.csv, results.md, the scores files
 * and report.html; its numbers from the shots' and test images' embeddings; a selection that leaves CLIP-FSAC++ out
 * trains nothing; adding kNN changes no other number; the selection is part of the run's fingerprint.
 */
class MethodSelectionTest {
    @TempDir Path tmp;

    private Experiment.Options options(String out, List<String> methods) {
        FsacConfig cfg = FsacConfig.preset("mvtec");
        cfg.epochs = 1;
        return new Experiment.Options("mvtec", tmp.resolve("data"), List.of(), List.of(1, 2), 1, cfg, tmp.resolve(out), 1, Map.of(), null, methods);
    }

    private static List<String> lines(Path csv, String method) throws Exception {
        return Files.readAllLines(csv).stream().filter(l -> l.contains("," + method + ",")).toList();
    }

    @Test
    void knnRunsBesideTheOthersEverywhereAndChangesNothingElse() throws Exception {
        DemoDataset.generate(tmp.resolve("data"), 2, new DemoDataset.Config(48, 4, 2, 2, List.of(DemoClass.DISC)));
        ClipBackbone clip = DemoModel.backbone(Devices.cpu(), 48, 0);
        FeatureCache cache = new FeatureCache(tmp.resolve("cache"));

        Experiment.Options all = options("all", null);
        assertEquals(List.of("CLIP-AC", "CLIP-FSAC++", "kNN"), all.methods(), "every registered method by default");
        new Experiment(clip, cache, Progress.none()).run(all);
        Path out = tmp.resolve("all");
        // CLIP-AC once; CLIP-FSAC++ and kNN for k = 1, 2 (seed 0); three metrics each
        assertEquals(3 + 2 * 2 * 3, ResultsCsv.read(out.resolve("results.csv")).size());
        assertEquals(2 * 3, lines(out.resolve("results.csv"), "kNN").size());
        String md = Files.readString(out.resolve("results.md"));
        assertTrue(md.contains("| Class | 1-shot CLIP-AC | 1-shot CLIP-FSAC++ | 1-shot kNN | 2-shot CLIP-AC |"), md);
        String html = Files.readString(out.resolve("report.html"));
        assertTrue(html.contains("<th>kNN</th>") && html.contains("kNN (AUROC ") && html.contains("kNN anomaly scores"), "kNN in the report");

        // The kNN column of a scores file is 1 − max cosine to the shot list's images, recomputed here in double
        // from the encoder's embeddings; results.csv's kNN metrics are those of that column.
        List<String> scores = Files.readAllLines(out.resolve("scores/disc/k2_seed0.csv"));
        assertEquals("image,label,clip_ac,clip_fsac_pp,knn", scores.get(0));
        List<Path> shots = Files.readAllLines(out.resolve("shots/disc/k2_seed0.txt")).stream().filter(l -> !l.isBlank())
                .map(name -> tmp.resolve("data/disc/train/good").resolve(name)).toList();
        assertEquals(2, shots.size());
        FeatureEncoder enc = new FeatureEncoder(clip, FeatureCache.disabled());
        float[] shotFeats = enc.encode(shots, Progress.none(), "shots").toArray();
        List<Path> test = new ArrayList<>();
        double[] knn = new double[scores.size() - 1];
        int[] labels = new int[knn.length];
        for (int i = 0; i < knn.length; i++) {
            String[] f = scores.get(i + 1).split(",");
            test.add(Path.of(f[0]));
            labels[i] = Integer.parseInt(f[1]);
            knn[i] = Double.parseDouble(f[4]);
        }
        Tensor testFeats = enc.encode(test, Progress.none(), "test");
        float[] tf = testFeats.toArray();
        int c = testFeats.size(1);
        for (int i = 0; i < knn.length; i++) {
            double best = -2;
            for (int s = 0; s < 2; s++) best = Math.max(best, cosine(tf, i * c, shotFeats, s * c, c));
            // 1e-5: the method's float32 cosines over the demo model's 32-wide embedding vs double here (error ~sqrt(32)·2^-24 ≈ 3e-7),
            // and the file's 9 significant digits (≤ 5e-9 here)
            assertEquals(1 - best, knn[i], 1e-5, test.get(i).toString());
        }
        double auroc = 100 * BinaryMetrics.auroc(knn, labels);
        assertTrue(lines(out.resolve("results.csv"), "kNN").contains("mvtec,disc,2,0,kNN,I-AUROC," + auroc));

        // Without CLIP-FSAC++ nothing is trained and there is no saliency; CLIP-AC and kNN get the very same rows,
        // and the columns follow the selection's order.
        List<String> tasks = new ArrayList<>();
        Progress p = new Progress() {
            @Override public Task start(String name, long total) {
                tasks.add(name);
                return Progress.none().start(name, total);
            }

            @Override public void log(String message) {}
        };
        new Experiment(clip, cache, p).run(options("untrained", List.of("knn", "clip-ac")));
        assertTrue(tasks.stream().noneMatch(t -> t.endsWith(": train") || t.endsWith(": saliency")), tasks.toString());
        Path untrained = tmp.resolve("untrained");
        for (String m : List.of("CLIP-AC", "kNN"))
            assertEquals(lines(out.resolve("results.csv"), m), lines(untrained.resolve("results.csv"), m), m);
        assertEquals(List.of(), lines(untrained.resolve("results.csv"), "CLIP-FSAC++"));
        assertEquals("image,label,knn,clip_ac", Files.readAllLines(untrained.resolve("scores/disc/k1_seed0.csv")).get(0));
        String untrainedMd = Files.readString(untrained.resolve("results.md"));
        assertTrue(untrainedMd.startsWith("# kNN, CLIP-AC on mvtec") && untrainedMd.contains("| Class | 1-shot kNN | 1-shot CLIP-AC |"), untrainedMd);

        // The selection before kNN existed gives byte-identical CLIP-AC and CLIP-FSAC++ rows: kNN changes no other number.
        new Experiment(clip, cache, Progress.none()).run(options("two", List.of("CLIP-AC", "CLIP-FSAC++")));
        List<String> two = Files.readAllLines(tmp.resolve("two/results.csv"));
        assertEquals(two, Files.readAllLines(out.resolve("results.csv")).stream().filter(l -> !l.contains(",kNN,")).toList());

        // The selection is part of the fingerprint: the same one resumes (nothing left to do), another is refused.
        assertEquals(List.of(), new Experiment(clip, cache, Progress.none()).pending(all));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Experiment(clip, cache, Progress.none()).run(options("all", List.of("knn"))));
        assertTrue(e.getMessage().contains("was made with other settings: methods"), e.getMessage());
        assertFalse(Files.readString(out.resolve("run.json")).isEmpty());
        assertTrue(Files.readString(out.resolve("run.json")).contains("\"kNN\""));
    }

    private static double cosine(float[] a, int ia, float[] b, int ib, int c) {
        double dot = 0, na = 0, nb = 0;
        for (int j = 0; j < c; j++) {
            dot += (double) a[ia + j] * b[ib + j];
            na += (double) a[ia + j] * a[ia + j];
            nb += (double) b[ib + j] * b[ib + j];
        }
        return dot / Math.sqrt(na * nb);
    }

    @Test
    void anUnknownMethodIsRefusedWhenTheOptionsAreMade() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> options("x", List.of("knn", "patchcore")));
        assertEquals("unknown method 'patchcore'; registered: " + String.join(", ", org.jfsac.fsac.method.Methods.names()), e.getMessage());
        assertEquals(KnnMethod.NAME, options("x", List.of("KNN")).methods().get(0));
    }
}
