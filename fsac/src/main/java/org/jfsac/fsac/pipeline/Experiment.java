package org.jfsac.fsac.pipeline;

import com.google.gson.JsonObject;
import org.jfsac.clip.image.PreprocessedImage;
import org.jfsac.clip.image.RgbImage;
import org.jfsac.core.tensor.Tensor;
import org.jfsac.fsac.api.FsacClassifier;
import org.jfsac.fsac.towers.ClipBackbone;
import org.jfsac.fsac.data.ClassSplit;
import org.jfsac.fsac.data.DatasetFormatException;
import org.jfsac.fsac.data.Datasets;
import org.jfsac.fsac.data.KShot;
import org.jfsac.fsac.data.Sample;
import org.jfsac.fsac.data.ShotChoice;
import org.jfsac.fsac.method.BestEpochTracker;
import org.jfsac.fsac.method.ClipFsacMethod;
import org.jfsac.fsac.method.FsacConfig;
import org.jfsac.fsac.method.FsacHead;
import org.jfsac.fsac.method.Method;
import org.jfsac.fsac.method.MethodInput;
import org.jfsac.fsac.method.Methods;
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
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The paper's evaluation: for every class, k and seed, choose k normal images and score the test split with every
 * selected {@link Method} (by default CLIP-FSAC++ trained on the shots, the kNN baseline on them, and the zero-shot
 * CLIP-AC baseline, which is scored once per class). Writes results.csv (after every combination, so an
 * interrupted run resumes where it stopped), per-combination scores, the k-shot lists, results.md and
 * report.html. Every file is written atomically. A folder holds one set of settings: {@value RunFolder#FINGERPRINT_FILE}
 * records them before the first result, and a run with other settings is refused ({@link RunFolder}).
 */
public final class Experiment {
    /** The method label of the rows of the CLIP-FSAC++ head's best epoch (chosen on the test set, when asked for). */
    public static final String FSAC_BEST = ClipFsacMethod.NAME + " (best epoch on test)";

    /**
     * @param seedList      the seeds to run (e.g. [0, 3] to split a run over machines), or null for 0 … seeds−1
     * @param methods       the {@link Methods registered} methods to evaluate, by name (case ignored), in column order; null
     *                      for every registered method. Stored as the registered names.
     * @param skipBadImages leave out images (or masks) that cannot be decoded, listing them in the report and in
     *                      {@value RunFolder#FINGERPRINT_FILE}; otherwise the first one stops the run before any result
     */
    public record Options(String dataset, Path dataRoot, List<String> classes, List<Integer> shots, int seeds,
                          FsacConfig cfg, Path out, int saliencyExamples, Map<String, String> description, List<Integer> seedList,
                          List<String> methods, boolean skipBadImages) {
        public Options(String dataset, Path dataRoot, List<String> classes, List<Integer> shots, int seeds,
                       FsacConfig cfg, Path out, int saliencyExamples, Map<String, String> description) {
            this(dataset, dataRoot, classes, shots, seeds, cfg, out, saliencyExamples, description, null, null, false);
        }

        public Options(String dataset, Path dataRoot, List<String> classes, List<Integer> shots, int seeds,
                       FsacConfig cfg, Path out, int saliencyExamples, Map<String, String> description, List<Integer> seedList) {
            this(dataset, dataRoot, classes, shots, seeds, cfg, out, saliencyExamples, description, seedList, null, false);
        }

        public Options(String dataset, Path dataRoot, List<String> classes, List<Integer> shots, int seeds, FsacConfig cfg,
                       Path out, int saliencyExamples, Map<String, String> description, List<Integer> seedList, List<String> methods) {
            this(dataset, dataRoot, classes, shots, seeds, cfg, out, saliencyExamples, description, seedList, methods, false);
        }

        public Options(String dataset, Path dataRoot, List<String> classes, List<Integer> shots, int seeds, FsacConfig cfg,
                       Path out, int saliencyExamples, Map<String, String> description, List<Integer> seedList, boolean skipBadImages) {
            this(dataset, dataRoot, classes, shots, seeds, cfg, out, saliencyExamples, description, seedList, null, skipBadImages);
        }

        public Options {
            if (seedList != null) {
                if (seedList.isEmpty() || seedList.stream().anyMatch(s -> s == null || s < 0) || seedList.stream().distinct().count() != seedList.size())
                    throw new IllegalArgumentException("seed list must hold distinct seeds >= 0, got " + seedList);
                seedList = List.copyOf(seedList);
            }
            methods = Methods.select(methods).stream().map(Method::name).toList();
        }

        /** The selected methods, in column order. */
        public List<Method> selectedMethods() {
            return Methods.select(methods);
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
        for (String cls : classes) {
            ClassReport r = runClass(o, cls, rows, csv, overall);
            if (r != null) reports.add(r);
        }
        Map<String, String> description = new LinkedHashMap<>(o.description());
        describeSkipped(description, skippedJson(o, badImages(o, classes)));
        writeReports(o.out(), o.dataset(), o.cfg(), o.selectedMethods(), description, rows, classes, reports);
        return rows;
    }

    /** results.md and report.html of a run folder (also what {@link RunMerge} rebuilds a merged folder with). */
    static void writeReports(Path out, String dataset, FsacConfig cfg, List<Method> methods, Map<String, String> description,
                             List<ResultRow> rows, List<String> classes, List<ClassReport> reports) throws IOException {
        // The title names what is trained (the subject of the run); a run of untrained methods names them all.
        List<String> trained = methods.stream().filter(m -> m.needs() == Method.Needs.TRAINED_HEAD).map(Method::name).toList();
        String subject = String.join(", ", trained.isEmpty() ? methods.stream().map(Method::name).toList() : trained);
        String title = subject + " on " + dataset + (cfg.protocol == FsacConfig.Protocol.AUTHORS ? " (the authors' protocol)" : "");
        RunInfo info = new RunInfo(title, description, ProtocolText.describe(cfg, methods), methods.stream().map(Method::name).toList());
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
        List<ImageScreen.BadImage> bad = badImages(o, classes); // every image decoded before anything is written
        if (!bad.isEmpty() && !o.skipBadImages()) {
            ImageScreen.BadImage first = bad.get(0);
            throw new IOException(first.line() + " (class '" + first.className() + "'"
                    + (bad.size() > 1 ? "; " + (bad.size() - 1) + " more bad image(s) in the selection" : "")
                    + "); fix or remove it, or skip bad images (--skip-bad-images) to leave them out and list them in the report");
        }
        JsonObject fingerprint = RunFingerprint.of(o, classes, clip);
        if (!bad.isEmpty()) fingerprint.add(SKIPPED_IMAGES, skippedJson(o, bad)); // which samples are left out decides the numbers too
        RunFolder.Claim claim = RunFolder.claim(o.out(), fingerprint, overwrite);
        if (claim != RunFolder.Claim.NEW && !hostClaimed) progress.log(o.out() + ": " + (claim == RunFolder.Claim.RESUMED
                ? "resuming a run with the same settings" : "previous results removed (overwrite)"));
        return claim;
    }

    private List<String> listClasses(Options o) throws IOException {
        return Datasets.named(o.dataset()).classes(o.dataRoot());
    }

    /** The class's split less the samples whose image or mask does not decode (decoded once per Experiment). */
    private ClassSplit load(Options o, String cls) throws IOException {
        return screen(o, cls).split();
    }

    private final Map<List<Object>, ImageScreen.Screened> screened = new HashMap<>();

    private ImageScreen.Screened screen(Options o, String cls) throws IOException {
        List<Object> key = List.of(o.dataset(), o.dataRoot().toAbsolutePath().normalize(), cls);
        ImageScreen.Screened s = screened.get(key);
        if (s == null) {
            s = ImageScreen.screen(Datasets.named(o.dataset()).load(o.dataRoot(), cls), cache, progress);
            requireBothKinds(s.split());
            screened.put(key, s);
        }
        return s;
    }

    /** AUROC, AUPR and F1-max are undefined on a test split of one kind: said before anything is trained, naming the folder. */
    private static void requireBothKinds(ClassSplit split) throws IOException {
        long anomalous = split.test().stream().filter(Sample::isAnomalous).count(), normal = split.test().size() - anomalous;
        if (normal > 0 && anomalous > 0) return;
        Path folder = null;
        for (Sample t : split.test()) {
            Path dir = t.image().toAbsolutePath().normalize().getParent();
            while (folder != null && !dir.startsWith(folder)) folder = folder.getParent();
            if (folder == null) folder = dir;
        }
        throw new DatasetFormatException(folder == null ? Path.of(split.className()) : folder, "class '" + split.className() + "' has "
                + normal + " normal and " + anomalous + " anomalous test images; image-level metrics (AUROC, AUPR, F1-max) need both");
    }

    /** The fingerprint's key for the images a run left out: file (relative to the data root) → reason. */
    static final String SKIPPED_IMAGES = "skippedImages";

    private static JsonObject skippedJson(Options o, List<ImageScreen.BadImage> bad) {
        JsonObject skipped = new JsonObject();
        for (ImageScreen.BadImage b : bad) skipped.addProperty(relativeName(o.dataRoot(), b.file()), b.reason());
        return skipped;
    }

    /** The report header's "skipped images" line (nothing when none were skipped). */
    static void describeSkipped(Map<String, String> description, JsonObject skipped) {
        if (skipped == null || skipped.isEmpty()) return;
        List<String> items = new ArrayList<>();
        skipped.entrySet().forEach(e -> items.add(e.getKey() + " (" + e.getValue().getAsString() + ")"));
        description.put("skipped images", items.size() + ": " + String.join("; ", items));
    }

    private static String relativeName(Path root, Path file) {
        Path r = root.toAbsolutePath().normalize(), f = file.toAbsolutePath().normalize();
        return (f.startsWith(r) ? r.relativize(f) : f).toString().replace('\\', '/');
    }

    private List<ImageScreen.BadImage> badImages(Options o, List<String> classes) throws IOException {
        List<ImageScreen.BadImage> bad = new ArrayList<>();
        for (String cls : classes) bad.addAll(screen(o, cls).bad());
        return bad;
    }

    /**
     * What every combination of a class shares: the split, the test features and labels, prototypes, and the scores
     * of the methods that need no shots (by method name, in the run's order).
     */
    public record ClassData(ClassSplit split, int[] labels, Tensor testFeats, Tensor prototypes, Map<String, double[]> zeroShot) {
        public List<Sample> test() { return split.test(); }
    }

    /** A class × k × seed to fit (serializable, to hand it to other JVMs). */
    public record Key(String cls, int k, int seed) implements java.io.Serializable {}

    /**
     * One fitted combination: which training images were the shots (indices into the class's train split), the
     * test scores of every selected method that uses the shots (a {@link LinkedHashMap} by method name, in the run's
     * order), those of the head's best epoch (null unless selected), and the head's bytes (null when no selected
     * method needs a trained head).
     */
    public record Fitted(Key key, int[] shots, Map<String, double[]> scores, double[] bestScores, byte[] head) implements java.io.Serializable {}

    /** Stage 1 of a class: load the split, encode the test set (cached), prototypes and the zero-shot methods' scores. */
    public ClassData prepare(Options o, String cls) throws IOException {
        ClassSplit split = load(o, cls);
        int[] labels = split.test().stream().mapToInt(Sample::label).toArray();
        Tensor testFeats = encoder.encode(split.test().stream().map(Sample::image).toList(), progress, cls + ": encode test set");
        Tensor prototypes = prototypes(cls, o.cfg().prompts);
        MethodInput in = MethodInput.zeroShot(cls, o.cfg(), prototypes, testFeats);
        Map<String, double[]> zeroShot = new LinkedHashMap<>();
        for (Method m : o.selectedMethods())
            if (m.needs() == Method.Needs.NOTHING) zeroShot.put(m.name(), m.score(in));
        return new ClassData(split, labels, testFeats, prototypes, zeroShot);
    }

    /** The selected methods scored per class × k × seed (those that use the shots), in the run's order. */
    private static List<Method> perCombination(Options o) {
        return o.selectedMethods().stream().filter(m -> m.needs() != Method.Needs.NOTHING).toList();
    }

    /** The combinations a run still has to fit (all of them, less those results.csv and scores/ already hold). */
    public List<Key> pending(Options o) throws IOException {
        if (perCombination(o).isEmpty()) return List.of();
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
        for (Method m : perCombination(o))
            if (!has(rows, o.dataset(), cls, k, seed, m.name())) return false;
        return Files.exists(scoresFile(o, cls, k, seed));
    }

    /**
     * Stage 2 of one combination: choose the shots, train the head if a selected method needs one, score the test set
     * with every method that uses the shots. Writes nothing.
     */
    public Fitted fit(Options o, ClassData d, Key key) throws IOException {
        String cls = key.cls();
        int k = key.k(), seed = key.seed();
        FsacConfig cfg = o.cfg();
        List<Sample> train = d.split().train();
        List<Sample> shots = ShotChoice.choose(train, cls, k, seed, cfg.shotsFrom == null ? null : Path.of(cfg.shotsFrom),
                cfg.fixedShots, cfg.sortedOrder);
        Tensor shotFeats = encoder.encode(shots.stream().map(Sample::image).toList(), progress, cls + ": encode shots");
        List<Method> methods = perCombination(o);
        boolean trains = methods.stream().anyMatch(m -> m.needs() == Method.Needs.TRAINED_HEAD);
        BestEpoch best = trains ? new BestEpoch(cfg, d.prototypes(), d.testFeats(), d.labels()) : null;
        FsacClassifier fitted = trains ? train(cls, k, seed, cfg, d, shots, shotFeats, best) : null;
        MethodInput in = new MethodInput(cls, cfg, d.prototypes(), d.testFeats(), shotFeats, fitted);
        Map<String, double[]> scores = new LinkedHashMap<>();
        for (Method m : methods) scores.put(m.name(), m.score(in));
        int[] shotIndex = shots.stream().mapToInt(train::indexOf).toArray();
        boolean bestOn = trains && cfg.epochSelection == FsacConfig.EpochSelection.BEST_ON_TEST;
        return new Fitted(key, shotIndex, scores, bestOn ? best.scores : null, trains ? fitted.toBytes() : null);
    }

    /** CLIP-FSAC++'s head trained on the shots; every epoch is offered to {@code best}. */
    private FsacClassifier train(String cls, int k, int seed, FsacConfig cfg, ClassData d, List<Sample> shots, Tensor shotFeats,
                                 BestEpoch best) throws IOException {
        List<RgbImage> normals = new ArrayList<>();
        for (Sample s : shots) normals.add(RgbImage.read(s.image()));
        try (Progress.Task t = progress.start(cls + " k=" + k + " seed=" + seed + ": train", cfg.epochs)) {
            return FsacClassifier.create(clip, cls, cfg, d.prototypes()).fitRgb(normals, shotFeats, seed, new Trainer.EpochListener() {
                @Override public void epochDone(int epoch, double loss, FsacHead head) {
                    if (cfg.epochSelection == FsacConfig.EpochSelection.BEST_ON_TEST) best.offer(head);
                    t.step();
                }

                @Override public boolean stopTraining() { return best.tracker.exhausted(); }
            });
        }
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
        for (Map.Entry<String, double[]> z : d.zeroShot().entrySet())
            if (!has(rows, o.dataset(), cls, 0, 0, z.getKey()))
                replace(rows, ResultsCsv.append(csv, metricRows(o.dataset(), cls, 0, 0, z.getKey(), z.getValue(), labels)));
        List<String> methods = o.methods();
        ClassReport report = null;
        for (int k : perCombination(o).isEmpty() ? List.<Integer>of() : o.shots()) {
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
                    if (wantReport) report = reportFromFile(cls, k, seed, scoresFile, methods, labels, kept);
                    overall.finished(false);
                    continue;
                }
                Key key = new Key(cls, k, seed);
                Fitted f = precomputed.containsKey(key) ? precomputed.get(key) : fit(o, d, key);
                List<Sample> shots = new ArrayList<>();
                for (int i : f.shots()) shots.add(d.split().train().get(i));
                KShot.write(shots, o.out().resolve("shots").resolve(cls).resolve("k" + k + "_seed" + seed + ".txt"));
                List<ResultRow> fresh = new ArrayList<>();
                for (Map.Entry<String, double[]> e : f.scores().entrySet())
                    fresh.addAll(metricRows(o.dataset(), cls, k, seed, e.getKey(), e.getValue(), labels));
                if (f.bestScores() != null) fresh.addAll(metricRows(o.dataset(), cls, k, seed, FSAC_BEST, f.bestScores(), labels));
                Map<String, double[]> all = new LinkedHashMap<>();
                for (String m : methods) all.put(m, d.zeroShot().containsKey(m) ? d.zeroShot().get(m) : f.scores().get(m));
                ScoresFile.write(scoresFile, test, labels, all);
                if (wantReport) {
                    // saliency of the trained head, its examples chosen by the scores of the (first) method that uses it
                    List<SaliencyExample> sal = f.head() == null ? List.of()
                            : saliency(o, d, FsacClassifier.load(clip, f.head()), f.scores().get(headMethod(o).name()));
                    SaliencyFiles.write(salDir, o.saliencyExamples(), sal);
                    report = reportFromFile(cls, k, seed, scoresFile, methods, labels, sal);
                }
                replace(rows, ResultsCsv.append(csv, fresh));
                overall.finished(true);
                progress.log(overall.line());
            }
        }
        if (report == null && !d.zeroShot().isEmpty()) report = new ClassReport(cls, 0, 0, d.zeroShot(), labels, List.of());
        return report;
    }

    private static Method headMethod(Options o) {
        return perCombination(o).stream().filter(m -> m.needs() == Method.Needs.TRAINED_HEAD).findFirst().orElseThrow();
    }

    static Path saliencyDir(Path out, String cls, int k, int seed) {
        return out.resolve("saliency").resolve(cls).resolve("k" + k + "_seed" + seed);
    }

    /** The report of one combination from its scores file (every method's column) and its saliency examples. */
    static ClassReport reportFromFile(String cls, int k, int seed, Path scoresFile, List<String> methods, int[] labels,
                                      List<SaliencyExample> sal) throws IOException {
        ScoresFile.Columns c = ScoresFile.read(scoresFile, methods);
        if (!java.util.Arrays.equals(c.labels(), labels))
            throw new IOException(scoresFile + ": its " + c.labels().length + " labels are not those of the " + labels.length
                    + " test images (delete it to recompute)");
        return new ClassReport(cls, k, seed, c.scores(), labels, sal);
    }

    /** Saliency of the highest-scored anomalous test images (with masks) and one normal image. */
    private List<SaliencyExample> saliency(Options o, ClassData d, FsacClassifier c, double[] scores) throws IOException {
        if (o.saliencyExamples() <= 0) return List.of();
        ClassSplit split = d.split();
        String cls = split.className();
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
        PreprocessedImage pre = clip.preprocess(s.image());
        FsacClassifier.Saliency sal = c.saliency(pre);
        BufferedImage mask = null;
        Double pixelAuroc = null;
        if (s.mask() != null && Files.exists(s.mask())) {
            PreprocessedImage m = clip.preprocess(s.mask());
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
