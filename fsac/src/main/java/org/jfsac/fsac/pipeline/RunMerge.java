package org.jfsac.fsac.pipeline;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.jfsac.core.io.AtomicFiles;
import org.jfsac.fsac.method.ClipAcMethod;
import org.jfsac.fsac.method.ClipFsacMethod;
import org.jfsac.fsac.method.FsacConfig;
import org.jfsac.fsac.method.Methods;
import org.jfsac.fsac.report.ClassReport;
import org.jfsac.fsac.report.ResultRow;
import org.jfsac.fsac.report.ResultsCsv;
import org.jfsac.fsac.report.SaliencyExample;
import org.jfsac.fsac.report.SaliencyFiles;
import org.jfsac.fsac.settings.SettingsDiff;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;

/**
 * Merges run folders of the same settings (e.g. one per machine, each with its own --seed-list) into one folder
 * that reads as if one run had covered them all: results.csv in a full run's order, scores/, shots/, saliency/,
 * results.md, report.html and a {@value RunFolder#FINGERPRINT_FILE} whose seeds are the union (so a later run with
 * those settings resumes the merged folder).
 *
 * <p>Parts must have equal fingerprints but for {@link #MAY_DIFFER}. A combination present in two parts must have
 * the same numbers and files in both, otherwise the merge is refused: in particular the zero-shot rows (CLIP-AC),
 * which every part computes from its data, catch parts whose data roots hold different images.
 */
public final class RunMerge {
    private RunMerge() {}

    /**
     * Fingerprint keys that legitimately differ between parts of one run: which seeds a part ran, and where its
     * data lay on its machine (the data itself is checked through the zero-shot rows every part holds).
     */
    static final Set<String> MAY_DIFFER = Set.of("seedList", "dataRoot");

    private static final List<String> TREES = List.of("scores", "shots", "saliency");

    /**
     * Writes the merge of {@code parts} into {@code out}, which must hold no results yet.
     *
     * @return the merged rows
     * @throws IllegalArgumentException (one line) when a part is not a run folder, settings differ, or overlapping
     *                                  combinations disagree
     */
    public static List<ResultRow> merge(List<Path> parts, Path out) throws IOException {
        if (parts.isEmpty()) throw new IllegalArgumentException("nothing to merge: name the run folders");
        Path outAbs = out.toAbsolutePath().normalize();
        for (Path p : parts)
            if (p.toAbsolutePath().normalize().equals(outAbs)) throw new IllegalArgumentException(out + " is one of the folders to merge; choose another --out");
        if (Files.exists(out.resolve(RunFolder.FINGERPRINT_FILE), LinkOption.NOFOLLOW_LINKS)
                || RunFolder.RESULTS.stream().anyMatch(n -> Files.exists(out.resolve(n), LinkOption.NOFOLLOW_LINKS)))
            throw new IllegalArgumentException(out + " already holds results; merge into an empty or new folder");

        List<JsonObject> prints = new ArrayList<>();
        for (Path p : parts) prints.add(fingerprint(p));
        JsonObject first = comparable(prints.get(0));
        for (int i = 1; i < parts.size(); i++) {
            List<String> diff = SettingsDiff.differences(first, comparable(prints.get(i)));
            if (!diff.isEmpty())
                throw new IllegalArgumentException(parts.get(i) + " was made with other settings than " + parts.get(0) + ": "
                        + SettingsDiff.summary(diff, 6) + "; only folders of the same settings merge");
        }
        List<Integer> seeds = seedUnion(prints);
        JsonObject merged = prints.get(0).deepCopy();
        int seedCount = merged.get("seeds").getAsInt();
        merged.remove("seedList");
        if (!seeds.equals(IntStream.range(0, seedCount).boxed().toList())) merged.add("seedList", new GsonBuilder().create().toJsonTree(seeds));

        List<String> classes = strings(merged.getAsJsonArray("classes"));
        List<Integer> shots = new ArrayList<>();
        for (JsonElement e : merged.getAsJsonArray("shots")) shots.add(e.getAsInt());
        List<ResultRow> rows = mergeRows(parts, classes, shots, seeds);

        Files.createDirectories(out);
        Path staging = Files.createTempDirectory(out, ".merging-");
        try {
            for (Path p : parts)
                for (String tree : TREES) copyTree(p.resolve(tree), staging.resolve(tree), p);
            String dataset = merged.get("dataset").getAsString();
            FsacConfig cfg = FsacConfig.fromJson(merged.get("cfg").toString());
            ResultsCsv.write(staging.resolve("results.csv"), rows);
            Map<String, String> description = new LinkedHashMap<>();
            description.put("merged from", String.join(", ", parts.stream().map(Path::toString).toList()));
            description.put("seeds", seeds.toString());
            List<String> methods = methods(merged);
            Experiment.describeSkipped(description, merged.getAsJsonObject(Experiment.SKIPPED_IMAGES));
            Experiment.writeReports(staging, dataset, cfg, Methods.select(methods), description, rows, classes,
                    classReports(staging, classes, shots, seeds, methods));
            // The fingerprint first, as a run writes it: an interrupted merge leaves a folder that resumes as a run.
            AtomicFiles.writeString(out.resolve(RunFolder.FINGERPRINT_FILE),
                    new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(merged) + "\n");
            for (String n : RunFolder.RESULTS)
                if (Files.exists(staging.resolve(n))) Files.move(staging.resolve(n), out.resolve(n));
        } finally {
            RunFolder.deleteTree(staging);
        }
        return rows;
    }

    private static JsonObject fingerprint(Path part) throws IOException {
        Path file = part.resolve(RunFolder.FINGERPRINT_FILE);
        if (!Files.isRegularFile(file))
            throw new IllegalArgumentException(part + " has no " + RunFolder.FINGERPRINT_FILE + ": not a run folder (or made by an older jfsac), so its settings are unknown");
        try {
            return JsonParser.parseString(Files.readString(file)).getAsJsonObject();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(file + ": not a run fingerprint (" + e.getMessage() + ")");
        }
    }

    /**
     * The run's methods as its fingerprint names them; a folder of a jfsac without method selection ran CLIP-AC and
     * CLIP-FSAC++.
     */
    private static List<String> methods(JsonObject print) {
        JsonElement m = print.get("methods");
        return m != null && m.isJsonArray() ? strings(m.getAsJsonArray()) : List.of(ClipAcMethod.NAME, ClipFsacMethod.NAME);
    }

    private static JsonObject comparable(JsonObject print) {
        JsonObject c = print.deepCopy();
        MAY_DIFFER.forEach(c::remove);
        return c;
    }

    private static List<Integer> seedUnion(List<JsonObject> prints) {
        TreeSet<Integer> all = new TreeSet<>();
        for (JsonObject f : prints) {
            JsonElement list = f.get("seedList");
            if (list != null && list.isJsonArray()) list.getAsJsonArray().forEach(e -> all.add(e.getAsInt()));
            else IntStream.range(0, f.get("seeds").getAsInt()).forEach(all::add);
        }
        return List.copyOf(all);
    }

    private static List<String> strings(JsonArray a) {
        List<String> out = new ArrayList<>();
        a.forEach(e -> out.add(e.getAsString()));
        return out;
    }

    /**
     * The union of the parts' rows in the order one run over all seeds writes them: class, the zero-shot rows, then
     * k, then seed (a part's own order within a combination is kept: the sort is stable).
     */
    private static List<ResultRow> mergeRows(List<Path> parts, List<String> classes, List<Integer> shots, List<Integer> seeds) throws IOException {
        Map<ResultRow.Key, ResultRow> byKey = new LinkedHashMap<>();
        Map<ResultRow.Key, Path> from = new LinkedHashMap<>();
        for (Path p : parts) {
            for (ResultRow r : ResultsCsv.readIfExists(p.resolve("results.csv"))) {
                ResultRow had = byKey.putIfAbsent(r.key(), r);
                if (had == null) from.put(r.key(), p);
                else if (Double.compare(had.value(), r.value()) != 0)
                    throw new IllegalArgumentException(from.get(r.key()) + " and " + p + " disagree on " + r.className() + " k=" + r.shots()
                            + " seed=" + r.seed() + " " + r.method() + " " + r.metric() + " (" + had.value() + " vs " + r.value()
                            + "); they are not parts of one run");
            }
        }
        List<ResultRow> rows = new ArrayList<>(byKey.values());
        rows.sort(Comparator.comparingInt((ResultRow r) -> rank(classes, r.className()))
                .thenComparingInt(r -> r.shots() == 0 ? -1 : rank(shots, r.shots()))
                .thenComparingInt(r -> r.shots() == 0 ? -1 : rank(seeds, r.seed())));
        return rows;
    }

    private static <T> int rank(List<T> order, T v) {
        int i = order.indexOf(v);
        return i < 0 ? order.size() : i;
    }

    /** Per class, the combination a run's report shows: its first k and seed that has scores. */
    private static List<ClassReport> classReports(Path dir, List<String> classes, List<Integer> shots, List<Integer> seeds,
                                                  List<String> methods) throws IOException {
        List<ClassReport> reports = new ArrayList<>();
        for (String cls : classes) {
            ClassReport report = null;
            for (int k : shots) {
                for (int seed : seeds) {
                    Path scores = Experiment.scoresFile(dir, cls, k, seed);
                    if (!Files.exists(scores)) continue;
                    ScoresFile.Columns c = ScoresFile.read(scores, methods);
                    report = new ClassReport(cls, k, seed, c.scores(), c.labels(), saliency(Experiment.saliencyDir(dir, cls, k, seed)));
                    break;
                }
                if (report != null) break;
            }
            if (report != null) reports.add(report);
        }
        return reports;
    }

    /** The saliency examples kept for a combination, however many the part asked for (none if it kept none). */
    private static List<SaliencyExample> saliency(Path dir) throws IOException {
        Path index = dir.resolve(SaliencyFiles.INDEX);
        if (!Files.isRegularFile(index)) return List.of();
        int requested;
        try {
            requested = JsonParser.parseString(Files.readString(index)).getAsJsonObject().get("requested").getAsInt();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(index + ": broken saliency examples (" + e.getMessage() + ")");
        }
        List<SaliencyExample> s = SaliencyFiles.read(dir, requested);
        return s == null ? List.of() : s;
    }

    /** Copies {@code from} into {@code to}; a file both parts hold must be byte-equal. Links are refused, never followed. */
    private static void copyTree(Path from, Path to, Path part) throws IOException {
        if (!Files.exists(from, LinkOption.NOFOLLOW_LINKS)) return;
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes a) throws IOException {
                Files.createDirectories(to.resolve(from.relativize(d).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override public FileVisitResult visitFile(Path f, BasicFileAttributes a) throws IOException {
                if (!a.isRegularFile()) throw new IllegalArgumentException(f + ": not a regular file; a run folder holds only files");
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.exists(target)) {
                    if (!Arrays.equals(Files.readAllBytes(target), Files.readAllBytes(f)))
                        throw new IllegalArgumentException(part + " and another folder hold different " + from.getParent().relativize(f)
                                + "; they are not parts of one run");
                } else {
                    Files.copy(f, target);
                }
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
