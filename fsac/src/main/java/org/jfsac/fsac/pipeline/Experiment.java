package org.jfsac.fsac.pipeline;

import org.jfsac.clip.image.PreprocessedImage;
import org.jfsac.core.tensor.Tensor;
import org.jfsac.fsac.api.FsacClassifier;
import org.jfsac.fsac.towers.ClipBackbone;
import org.jfsac.fsac.data.ClassSplit;
import org.jfsac.fsac.data.Datasets;
import org.jfsac.fsac.data.KShot;
import org.jfsac.fsac.data.Sample;
import org.jfsac.fsac.data.ShotChoice;
import org.jfsac.fsac.method.BestEpochTracker;
import org.jfsac.fsac.method.FsacConfig;
import org.jfsac.fsac.method.FsacHead;
import org.jfsac.fsac.method.Scorer;
import org.jfsac.fsac.method.TextPrototypes;
import org.jfsac.fsac.method.Trainer;
import org.jfsac.fsac.metrics.BinaryMetrics;
import org.jfsac.fsac.report.ClassReport;
import org.jfsac.fsac.report.HtmlReport;
import org.jfsac.fsac.report.ResultRow;
import org.jfsac.fsac.report.ResultsCsv;
import org.jfsac.fsac.report.ResultsMarkdown;
import org.jfsac.fsac.report.RunInfo;
import org.jfsac.fsac.report.SaliencyExample;
import org.jfsac.fsac.report.SaliencyFiles;

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
 * report.html. Every file is written atomically. A folder holds one set of settings: {@value RunFolder#FINGERPRINT_FILE}
 * records them before the first result, and a run with other settings is refused ({@link RunFolder}).
 */
public final class Experiment {
    public static final String FSAC_BEST = ResultRow.CLIP_FSAC_PP + " (best epoch on test)";

    /**
     * @param seedList the seeds to run (e.g. [0, 3] to split a run over machines), or null for 0 … seeds−1
     */
    public record Options(String dataset, Path dataRoot, List<String> classes, List<Integer> shots, int seeds,
                          FsacConfig cfg, Path out, int saliencyExamples, Map<String, String> description, List<Integer> seedList) {
        public Options(String dataset, Path dataRoot, List<String> classes, List<Integer> shots, int seeds,
                       FsacConfig cfg, Path out, int saliencyExamples, Map<String, String> description) {
            this(dataset, dataRoot, classes, shots, seeds, cfg, out, saliencyExamples, description, null);
        }

        public Options {
            if (seedList != null) {
                if (seedList.isEmpty() || seedList.stream().anyMatch(s -> s == null || s < 0) || seedList.stream().distinct().count() != seedList.size())
                    throw new IllegalArgumentException("seed list must hold distinct seeds >= 0, got " + seedList);
                seedList = List.copyOf(seedList);
            }
        }

        /** The seeds this run covers, in order. */
        public List<Integer> seedsToRun() {
            return seedList != null ? seedList : java.util.stream.IntStream.range(0, seeds).boxed().toList();
        }
    }

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

    /** T+ and T− of a class, computed once per class, prompt set and weights and kept in the feature cache. */
    private Tensor prototypes(String cls, FsacConfig.PromptSet set) {
        String kind = set == FsacConfig.PromptSet.FULL ? "cpe-prototypes-v1" : "cpe-prototypes-" + set.name().toLowerCase() + "-v1";
        String key = FeatureCache.key(clip.weightsId, kind, Integer.toString(clip.model.contextLength()), cls);
        float[] v = cache.get(key);
        int c = clip.embedDim();
        if (v != null && v.length == 2 * c) return Tensor.of(clip.model.backend(), v, 2, c);
        Tensor t;
        try (Progress.Task task = progress.start(cls + ": text prototypes", 1)) {
            t = TextPrototypes.compute(cls, clip::encodeTexts, 32, set);
            task.step();
        }
        cache.put(key, t.toArray());
        return t;
    }

    /** As {@link #run(Options, boolean)} without overwriting: a folder of other settings is refused. */
    public List<ResultRow> run(Options o) throws IOException {
        return run(o, false);
    }

    /**
     * Runs everything not yet in {@code o.out()}. A folder made with the same settings ({@link RunFingerprint}) is
     * resumed; one made with other settings is refused, unless {@code overwrite}, which removes its results first.
     */
    public List<ResultRow> run(Options o, boolean overwrite) throws IOException {
        List<String> classes = o.classes().isEmpty() ? listClasses(o) : o.classes();
        claim(o, overwrite);
        Path csv = o.out().resolve("results.csv");
        List<ResultRow> rows = new ArrayList<>(ResultsCsv.readIfExists(csv));
        List<ClassReport> reports = new ArrayList<>();
        OverallProgress overall = new OverallProgress((long) classes.size() * o.shots().size() * o.seedsToRun().size(), System::nanoTime);
        for (String cls : classes) reports.add(runClass(o, cls, rows, csv, overall));
        writeReports(o.out(), o.dataset(), o.cfg(), o.description(), rows, classes, reports);
        return rows;
    }

    /** results.md and report.html of a run folder (also what {@link RunMerge} rebuilds a merged folder with). */
    static void writeReports(Path out, String dataset, FsacConfig cfg, Map<String, String> description, List<ResultRow> rows,
                             List<String> classes, List<ClassReport> reports) throws IOException {
        String title = "CLIP-FSAC++ on " + dataset + (cfg.protocol == FsacConfig.Protocol.AUTHORS ? " (the authors' protocol)" : "");
        RunInfo info = new RunInfo(title, description, protocol(cfg));
        ResultsMarkdown.write(out.resolve("results.md"), info, rows, classes);
        HtmlReport.write(out.resolve("report.html"), info, rows, classes, reports);
    }

    /**
     * Makes {@code o.out()} a folder of these settings ({@link RunFolder#claim}) and says so when it resumes or
     * overwrites. {@link #run} does this itself; a host that fits elsewhere (a cluster) calls it before
     * {@link #pending}, so that a folder of other settings is refused before any work is sent out.
     */
    public RunFolder.Claim claim(Options o, boolean overwrite) throws IOException {
        List<String> classes = o.classes().isEmpty() ? listClasses(o) : o.classes();
        RunFolder.Claim claim = RunFolder.claim(o.out(), RunFingerprint.of(o, classes, clip), overwrite);
        if (claim != RunFolder.Claim.NEW && !hostClaimed) progress.log(o.out() + ": " + (claim == RunFolder.Claim.RESUMED
                ? "resuming a run with the same settings" : "previous results removed (overwrite)"));
        return claim;
    }

    private List<String> listClasses(Options o) throws IOException {
        return Datasets.named(o.dataset()).classes(o.dataRoot());
    }

    private ClassSplit load(Options o, String cls) throws IOException {
        return Datasets.named(o.dataset()).load(o.dataRoot(), cls);
    }

    static String protocol(FsacConfig c) {
        return ProtocolText.describe(c);
    }

    /** What every combination of a class shares: the split, the test features and labels, prototypes, zero-shot scores. */
    public record ClassData(ClassSplit split, int[] labels, Tensor testFeats, Tensor prototypes, double[] zeroShot) {
        public List<Sample> test() { return split.test(); }
    }

    /** A class × k × seed to fit (serializable, to hand it to other JVMs). */
    public record Key(String cls, int k, int seed) implements java.io.Serializable {}

    /**
     * One fitted combination: which training images were the shots (indices into the class's train split),
     * the test scores of the final head and of the best epoch (null unless selected), and the head's bytes.
     */
    public record Fitted(Key key, int[] shots, double[] scores, double[] bestScores, byte[] head) implements java.io.Serializable {}

    /** Stage 1 of a class: load the split, encode the test set (cached), prototypes and zero-shot scores. */
    public ClassData prepare(Options o, String cls) throws IOException {
        ClassSplit split = load(o, cls);
        int[] labels = split.test().stream().mapToInt(Sample::label).toArray();
        Tensor testFeats = encoder.encode(split.test().stream().map(Sample::image).toList(), progress, cls + ": encode test set");
        Tensor prototypes = prototypes(cls, o.cfg().prompts);
        return new ClassData(split, labels, testFeats, prototypes, Scorer.zeroShot(prototypes, testFeats, o.cfg().tau));
    }

    /** The combinations a run still has to fit (all of them, less those results.csv and scores/ already hold). */
    public List<Key> pending(Options o) throws IOException {
        List<ResultRow> rows = ResultsCsv.readIfExists(o.out().resolve("results.csv"));
        List<Key> out = new ArrayList<>();
        for (String cls : o.classes().isEmpty() ? listClasses(o) : o.classes()) {
            int train = load(o, cls).train().size();
            for (int k : o.shots())
                for (int seed : k <= train ? o.seedsToRun() : List.<Integer>of())
                    if (!done(o, rows, cls, k, seed)) out.add(new Key(cls, k, seed));
        }
        return out;
    }

    private static Path scoresFile(Options o, String cls, int k, int seed) {
        return scoresFile(o.out(), cls, k, seed);
    }

    static Path scoresFile(Path out, String cls, int k, int seed) {
        return out.resolve("scores").resolve(cls).resolve("k" + k + "_seed" + seed + ".csv");
    }

    private static boolean done(Options o, List<ResultRow> rows, String cls, int k, int seed) {
        return has(rows, o.dataset(), cls, k, seed, ResultRow.CLIP_FSAC_PP) && Files.exists(scoresFile(o, cls, k, seed));
    }

    /** Stage 2 of one combination: choose the shots, train, score the test set. Writes nothing. */
    public Fitted fit(Options o, ClassData d, Key key) throws IOException {
        String cls = key.cls();
        int k = key.k(), seed = key.seed();
        FsacConfig cfg = o.cfg();
        List<Sample> train = d.split().train();
        List<Sample> shots = ShotChoice.choose(train, cls, k, seed, cfg.shotsFrom == null ? null : Path.of(cfg.shotsFrom),
                cfg.fixedShots, cfg.sortedOrder);
        Tensor shotFeats = encoder.encode(shots.stream().map(Sample::image).toList(), progress, cls + ": encode shots");
        List<BufferedImage> normals = new ArrayList<>();
        for (Sample s : shots) normals.add(FeatureEncoder.read(s.image()));
        BestEpoch best = new BestEpoch(cfg, d.prototypes(), d.testFeats(), d.labels());
        FsacClassifier fitted;
        try (Progress.Task t = progress.start(cls + " k=" + k + " seed=" + seed + ": train", cfg.epochs)) {
            fitted = FsacClassifier.create(clip, cls, cfg, d.prototypes()).fit(normals, shotFeats, seed, new Trainer.EpochListener() {
                @Override public void epochDone(int epoch, double loss, FsacHead head) {
                    if (cfg.epochSelection == FsacConfig.EpochSelection.BEST_ON_TEST) best.offer(head);
                    t.step();
                }

                @Override public boolean stopTraining() { return best.tracker.exhausted(); }
            });
        }
        int[] shotIndex = shots.stream().mapToInt(train::indexOf).toArray();
        boolean bestOn = cfg.epochSelection == FsacConfig.EpochSelection.BEST_ON_TEST;
        return new Fitted(key, shotIndex, fitted.scoreFeatures(d.testFeats()), bestOn ? best.scores : null, fitted.toBytes());
    }

    /**
     * As {@link #run(Options)}, taking fitted combinations computed elsewhere (e.g. on a cluster) where given,
     * fitting the others here. Either way each combination is recorded by the same code, in the same order.
     */
    public List<ResultRow> run(Options o, Map<Key, Fitted> precomputed) throws IOException {
        this.precomputed = Map.copyOf(precomputed);
        this.hostClaimed = true;
        try {
            return run(o);
        } finally {
            this.precomputed = Map.of();
            this.hostClaimed = false;
        }
    }

    /** True while recording a host's fits: the host claimed the folder (and said so); now it reads as resumed. */
    private boolean hostClaimed;

    private Map<Key, Fitted> precomputed = Map.of();

    private ClassReport runClass(Options o, String cls, List<ResultRow> rows, Path csv, OverallProgress overall) throws IOException {
        ClassData d = prepare(o, cls);
        for (String w : d.split().warnings()) progress.log(cls + ": " + w);
        List<Sample> test = d.test();
        int[] labels = d.labels();
        double[] zeroShot = d.zeroShot();
        if (!has(rows, o.dataset(), cls, 0, 0, ResultRow.CLIP_AC)) {
            replace(rows, ResultsCsv.append(csv, metricRows(o.dataset(), cls, 0, 0, ResultRow.CLIP_AC, zeroShot, labels)));
        }
        ClassReport report = null;
        for (int k : o.shots()) {
            if (k > d.split().train().size()) {
                progress.log(cls + ": skipping k=" + k + ": only " + d.split().train().size() + " normal training images");
                for (int seed : o.seedsToRun()) overall.finished(false);
                continue;
            }
            for (int seed : o.seedsToRun()) {
                Path scoresFile = scoresFile(o, cls, k, seed);
                // The report's combination keeps its saliency examples, so that a resumed report is complete.
                Path salDir = saliencyDir(o.out(), cls, k, seed);
                boolean wantReport = report == null;
                List<SaliencyExample> kept = wantReport ? SaliencyFiles.read(salDir, o.saliencyExamples()) : List.of();
                if (done(o, rows, cls, k, seed) && kept != null) {
                    if (wantReport) report = reportFromFile(cls, k, seed, scoresFile, zeroShot, labels, kept);
                    overall.finished(false);
                    continue;
                }
                Key key = new Key(cls, k, seed);
                Fitted f = precomputed.containsKey(key) ? precomputed.get(key) : fit(o, d, key);
                List<Sample> shots = new ArrayList<>();
                for (int i : f.shots()) shots.add(d.split().train().get(i));
                KShot.write(shots, o.out().resolve("shots").resolve(cls).resolve("k" + k + "_seed" + seed + ".txt"));
                List<ResultRow> fresh = new ArrayList<>(metricRows(o.dataset(), cls, k, seed, ResultRow.CLIP_FSAC_PP, f.scores(), labels));
                if (f.bestScores() != null) fresh.addAll(metricRows(o.dataset(), cls, k, seed, FSAC_BEST, f.bestScores(), labels));
                ScoresFile.write(scoresFile, test, labels, f.scores(), zeroShot);
                if (wantReport) {
                    List<SaliencyExample> sal = saliency(o, cls, FsacClassifier.load(clip, f.head()), f.scores());
                    SaliencyFiles.write(salDir, o.saliencyExamples(), sal);
                    report = reportFromFile(cls, k, seed, scoresFile, zeroShot, labels, sal);
                }
                replace(rows, ResultsCsv.append(csv, fresh));
                overall.finished(true);
                progress.log(overall.line());
            }
        }
        if (report == null) report = new ClassReport(cls, 0, 0, zeroShot, zeroShot, labels, List.of());
        return report;
    }

    static Path saliencyDir(Path out, String cls, int k, int seed) {
        return out.resolve("saliency").resolve(cls).resolve("k" + k + "_seed" + seed);
    }

    static ClassReport reportFromFile(String cls, int k, int seed, Path scoresFile, double[] zeroShot, int[] labels,
                                              List<SaliencyExample> sal) throws IOException {
        return new ClassReport(cls, k, seed, ScoresFile.readScores(scoresFile, labels.length), zeroShot, labels, sal);
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
        final BestEpochTracker tracker;
        double[] scores;

        BestEpoch(FsacConfig cfg, Tensor prototypes, Tensor feats, int[] labels) {
            this.cfg = cfg;
            this.prototypes = prototypes;
            this.feats = feats;
            this.labels = labels;
            this.tracker = new BestEpochTracker(cfg.bestEpochPatience);
        }

        void offer(FsacHead head) {
            double[] s = Scorer.score(head, prototypes, feats, cfg);
            if (tracker.offer(BinaryMetrics.auroc(s, labels))) scores = s;
        }
    }
}
