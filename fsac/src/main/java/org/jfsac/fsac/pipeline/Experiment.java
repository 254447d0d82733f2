package org.jfsac.fsac.pipeline;

import org.jfsac.clip.image.PreprocessedImage;
import org.jfsac.core.tensor.Tensor;
import org.jfsac.fsac.api.FsacClassifier;
import org.jfsac.fsac.clip.ClipBackbone;
import org.jfsac.fsac.data.ClassSplit;
import org.jfsac.fsac.data.KShot;
import org.jfsac.fsac.data.MvtecDataset;
import org.jfsac.fsac.data.Sample;
import org.jfsac.fsac.data.VisaDataset;
import org.jfsac.fsac.method.FsacConfig;
import org.jfsac.fsac.method.FsacHead;
import org.jfsac.fsac.method.Scorer;
import org.jfsac.fsac.method.TextPrototypes;
import org.jfsac.fsac.metrics.BinaryMetrics;
import org.jfsac.fsac.report.ClassReport;
import org.jfsac.fsac.report.HtmlReport;
import org.jfsac.fsac.report.ResultRow;
import org.jfsac.fsac.report.ResultsCsv;
import org.jfsac.fsac.report.ResultsMarkdown;
import org.jfsac.fsac.report.RunInfo;
import org.jfsac.fsac.report.SaliencyExample;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The paper's evaluation: for every class, k and seed, fit CLIP-FSAC++ on k normal images and score the
 * test split, next to the zero-shot CLIP-AC baseline. Writes results.csv (after every combination, so an
 * interrupted run resumes where it stopped), per-combination scores, the k-shot lists, results.md and
 * report.html. Every file is written atomically.
 */
public final class Experiment {
    public static final String FSAC_BEST = ResultRow.CLIP_FSAC_PP + " (best epoch on test)";

    public record Options(String dataset, Path dataRoot, List<String> classes, List<Integer> shots, int seeds,
                          FsacConfig cfg, Path out, int saliencyExamples, Map<String, String> description) {}

    private final ClipBackbone clip;
    private final FeatureEncoder encoder;
    private final FeatureCache cache;
    private final Progress progress;

    public Experiment(ClipBackbone clip, FeatureCache cache, Progress progress) {
        this.clip = clip;
        this.encoder = new FeatureEncoder(clip, cache);
        this.cache = cache;
        this.progress = progress;
    }

    /** T+ and T− of a class, computed once per class and weights and kept in the feature cache. */
    private Tensor prototypes(String cls) {
        String key = FeatureCache.key(clip.weightsId, "cpe-prototypes-v1", Integer.toString(clip.model.contextLength()), cls);
        float[] v = cache.get(key);
        int c = clip.embedDim();
        if (v != null && v.length == 2 * c) return Tensor.of(clip.model.backend(), v, 2, c);
        Tensor t;
        try (Progress.Task task = progress.start(cls + ": text prototypes", 1)) {
            t = TextPrototypes.compute(cls, clip::encodeTexts, 32);
            task.step();
        }
        cache.put(key, t.toArray());
        return t;
    }

    public List<ResultRow> run(Options o) throws IOException {
        Files.createDirectories(o.out());
        Path csv = o.out().resolve("results.csv");
        List<ResultRow> rows = new ArrayList<>(ResultsCsv.readIfExists(csv));
        List<String> classes = o.classes().isEmpty() ? listClasses(o) : o.classes();
        List<ClassReport> reports = new ArrayList<>();
        OverallProgress overall = new OverallProgress((long) classes.size() * o.shots().size() * o.seeds(), System::nanoTime);
        for (String cls : classes) reports.add(runClass(o, cls, rows, csv, overall));
        RunInfo info = new RunInfo("CLIP-FSAC++ on " + o.dataset(), o.description(), protocol(o.cfg()));
        ResultsMarkdown.write(o.out().resolve("results.md"), info, rows, classes);
        HtmlReport.write(o.out().resolve("report.html"), info, rows, classes, reports);
        return rows;
    }

    private List<String> listClasses(Options o) throws IOException {
        return o.dataset().equals("visa") ? VisaDataset.classes(o.dataRoot()) : MvtecDataset.classes(o.dataRoot());
    }

    private ClassSplit load(Options o, String cls) throws IOException {
        return o.dataset().equals("visa") ? VisaDataset.load(o.dataRoot(), cls) : MvtecDataset.load(o.dataRoot(), cls);
    }

    static String protocol(FsacConfig c) {
        return "Scores: " + (c.scoring == FsacConfig.Scoring.PER_IMAGE ? "each test image on its own" : "batches of " + c.batchedScoringSize + " sorted test images (authors' protocol)")
                + ". Epoch: " + (c.epochSelection == FsacConfig.EpochSelection.FINAL ? "the final epoch (" + c.epochs + ")" : "the best epoch chosen on the test set, as the authors did (optimistic), beside the final epoch")
                + ". Loss: " + c.lossForm.name().toLowerCase() + " form; descriptor: " + c.descriptorForm.name().toLowerCase() + " form; synthesis: " + c.synthesis
                + ". CLIP-AC is zero-shot CLIP with the same CPE prompts (no training).";
    }

    private ClassReport runClass(Options o, String cls, List<ResultRow> rows, Path csv, OverallProgress overall) throws IOException {
        ClassSplit split = load(o, cls);
        for (String w : split.warnings()) progress.log(cls + ": " + w);
        List<Sample> test = split.test();
        int[] labels = test.stream().mapToInt(Sample::label).toArray();
        Tensor testFeats = encoder.encode(test.stream().map(Sample::image).toList(), progress, cls + ": encode test set");
        Tensor prototypes = prototypes(cls);
        double[] zeroShot = Scorer.zeroShot(prototypes, testFeats, o.cfg().tau);
        if (!has(rows, o.dataset(), cls, 0, 0, ResultRow.CLIP_AC)) {
            replace(rows, ResultsCsv.append(csv, metricRows(o.dataset(), cls, 0, 0, ResultRow.CLIP_AC, zeroShot, labels)));
        }
        ClassReport report = null;
        for (int k : o.shots()) {
            if (k > split.train().size()) {
                progress.log(cls + ": skipping k=" + k + ": only " + split.train().size() + " normal training images");
                for (int seed = 0; seed < o.seeds(); seed++) overall.finished(false);
                continue;
            }
            for (int seed = 0; seed < o.seeds(); seed++) {
                Path scoresFile = o.out().resolve("scores").resolve(cls).resolve("k" + k + "_seed" + seed + ".csv");
                boolean wantReport = report == null;
                if (has(rows, o.dataset(), cls, k, seed, ResultRow.CLIP_FSAC_PP) && Files.exists(scoresFile)) {
                    if (wantReport) report = reportFromFile(o, cls, k, seed, scoresFile, zeroShot, labels, null);
                    overall.finished(false);
                    continue;
                }
                List<Sample> shots = KShot.select(split.train(), k, seed);
                KShot.write(shots, o.out().resolve("shots").resolve(cls).resolve("k" + k + "_seed" + seed + ".txt"));
                Tensor shotFeats = encoder.encode(shots.stream().map(Sample::image).toList(), progress, cls + ": encode shots");
                List<BufferedImage> normals = new ArrayList<>();
                for (Sample s : shots) normals.add(FeatureEncoder.read(s.image()));
                FsacConfig cfg = o.cfg();
                BestEpoch best = new BestEpoch(cfg, prototypes, testFeats, labels);
                FsacClassifier fitted;
                try (Progress.Task t = progress.start(cls + " k=" + k + " seed=" + seed + ": train", cfg.epochs)) {
                    fitted = FsacClassifier.create(clip, cls, cfg, prototypes).fit(normals, shotFeats, seed, (epoch, loss, head) -> {
                        if (cfg.epochSelection == FsacConfig.EpochSelection.BEST_ON_TEST) best.offer(head);
                        t.step();
                    });
                }
                double[] scores = fitted.scoreFeatures(testFeats);
                List<ResultRow> fresh = new ArrayList<>(metricRows(o.dataset(), cls, k, seed, ResultRow.CLIP_FSAC_PP, scores, labels));
                if (cfg.epochSelection == FsacConfig.EpochSelection.BEST_ON_TEST)
                    fresh.addAll(metricRows(o.dataset(), cls, k, seed, FSAC_BEST, best.scores, labels));
                ScoresFile.write(scoresFile, test, labels, scores, zeroShot);
                replace(rows, ResultsCsv.append(csv, fresh));
                if (wantReport) report = reportFromFile(o, cls, k, seed, scoresFile, zeroShot, labels, fitted);
                overall.finished(true);
                progress.log(overall.line());
            }
        }
        if (report == null) report = new ClassReport(cls, 0, 0, zeroShot, zeroShot, labels, List.of());
        return report;
    }

    private ClassReport reportFromFile(Options o, String cls, int k, int seed, Path scoresFile, double[] zeroShot, int[] labels,
                                       FsacClassifier fitted) throws IOException {
        double[] scores = ScoresFile.readScores(scoresFile, labels.length);
        List<SaliencyExample> sal = fitted == null ? List.of() : saliency(o, cls, fitted, scores);
        return new ClassReport(cls, k, seed, scores, zeroShot, labels, sal);
    }

    /** Saliency of the highest-scored anomalous test images (with masks) and one normal image. */
    private List<SaliencyExample> saliency(Options o, String cls, FsacClassifier c, double[] scores) throws IOException {
        if (o.saliencyExamples() <= 0) return List.of();
        ClassSplit split = load(o, cls);
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < split.test().size(); i++) order.add(i);
        order.sort((a, b) -> Double.compare(scores[b], scores[a]));
        List<SaliencyExample> out = new ArrayList<>();
        int anomalous = 0;
        boolean normalShown = false;
        try (Progress.Task t = progress.start(cls + ": saliency", o.saliencyExamples() + 1)) {
            for (int i : order) {
                Sample s = split.test().get(i);
                boolean take = s.isAnomalous() ? anomalous < o.saliencyExamples() : !normalShown;
                if (!take) continue;
                if (s.isAnomalous()) anomalous++;
                else normalShown = true;
                out.add(saliencyExample(c, s));
                t.step();
                if (anomalous >= o.saliencyExamples() && normalShown) break;
            }
        }
        return out;
    }

    private SaliencyExample saliencyExample(FsacClassifier c, Sample s) throws IOException {
        BufferedImage img = FeatureEncoder.read(s.image());
        PreprocessedImage pre = clip.preprocess(img);
        FsacClassifier.Saliency sal = c.saliency(img);
        BufferedImage mask = null;
        Double pixelAuroc = null;
        if (s.mask() != null && Files.exists(s.mask())) {
            PreprocessedImage m = clip.preprocess(FeatureEncoder.read(s.mask()));
            int n = m.size();
            boolean[] inside = new boolean[n * n];
            int positives = 0;
            for (int i = 0; i < n * n; i++) {
                inside[i] = (m.rgb()[3 * i] & 0xff) >= 128;
                if (inside[i]) positives++;
            }
            mask = m.toBufferedImage();
            if (positives > 0 && positives < n * n) {
                float[] flat = new float[n * n];
                for (int y = 0; y < n; y++) System.arraycopy(sal.map()[y], 0, flat, y * n, n);
                pixelAuroc = BinaryMetrics.pixelAuroc(new float[][]{flat}, new boolean[][]{inside});
            }
        }
        // The defect folder names the image: crack/000.png and scratch/000.png are different images.
        return new SaliencyExample(s.defectType() + "/" + s.image().getFileName(), pre.toBufferedImage(), sal.map(), mask, sal.score(), pixelAuroc);
    }

    private static void replace(List<ResultRow> rows, List<ResultRow> all) {
        rows.clear();
        rows.addAll(all);
    }

    static List<ResultRow> metricRows(String dataset, String cls, int k, int seed, String method, double[] scores, int[] labels) {
        return List.of(
                new ResultRow(dataset, cls, k, seed, method, ResultRow.I_AUROC, 100 * BinaryMetrics.auroc(scores, labels)),
                new ResultRow(dataset, cls, k, seed, method, ResultRow.I_AUPR, 100 * BinaryMetrics.averagePrecision(scores, labels)),
                new ResultRow(dataset, cls, k, seed, method, ResultRow.F1_MAX, 100 * BinaryMetrics.f1Max(scores, labels)));
    }

    static boolean has(List<ResultRow> rows, String dataset, String cls, int k, int seed, String method) {
        Set<String> metrics = new HashSet<>();
        for (ResultRow r : rows)
            if (r.dataset().equals(dataset) && r.className().equals(cls) && r.shots() == k && r.seed() == seed && r.method().equals(method))
                metrics.add(r.metric());
        return metrics.size() == 3;
    }

    /** Test-set scores of the epoch with the best I-AUROC (the authors' selection, reported as such). */
    private static final class BestEpoch {
        final FsacConfig cfg;
        final Tensor prototypes, feats;
        final int[] labels;
        double bestAuroc = -1;
        double[] scores;

        BestEpoch(FsacConfig cfg, Tensor prototypes, Tensor feats, int[] labels) {
            this.cfg = cfg;
            this.prototypes = prototypes;
            this.feats = feats;
            this.labels = labels;
        }

        void offer(FsacHead head) {
            double[] s = Scorer.score(head, prototypes, feats, cfg);
            double a = BinaryMetrics.auroc(s, labels);
            if (a > bestAuroc) {
                bestAuroc = a;
                scores = s;
            }
        }
    }
}
