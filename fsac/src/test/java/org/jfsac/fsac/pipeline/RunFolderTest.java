package org.jfsac.fsac.pipeline;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.jfsac.core.backend.Devices;
import org.jfsac.fsac.towers.ClipBackbone;
import org.jfsac.fsac.demo.DemoDataset;
import org.jfsac.fsac.demo.DemoModel;
import org.jfsac.fsac.method.FsacConfig;
import org.jfsac.fsac.settings.SettingsDiff;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A result folder holds one set of settings: same settings resume (report complete), other settings are refused or overwritten. */
class RunFolderTest {
    @TempDir static Path data;
    @TempDir Path tmp;
    static ClipBackbone clip;

    @BeforeAll
    static void generate() {
        DemoDataset.generate(data, 4);
        clip = DemoModel.backbone(Devices.cpu(), 64, 0);
    }

    static FsacConfig config(int epochs) {
        FsacConfig c = FsacConfig.preset("mvtec");
        c.epochs = epochs;
        return c;
    }

    static Experiment.Options options(Path out, FsacConfig cfg) {
        return new Experiment.Options("mvtec", data, List.of("disc"), List.of(1), 1, cfg, out, 2, new LinkedHashMap<>());
    }

    /** Runs and returns the names of the progress tasks and log lines it produced. */
    static List<String> run(Experiment.Options o, boolean overwrite) throws Exception {
        List<String> events = new ArrayList<>();
        Progress p = new Progress() {
            @Override public Task start(String name, long total) {
                events.add(name);
                return Progress.none().start(name, total);
            }

            @Override public void log(String message) { events.add(message); }
        };
        new Experiment(clip, new FeatureCache(o.out().resolve("cache")), p).run(o, overwrite);
        return events;
    }

    static byte[] bytes(Path p) throws Exception { return Files.readAllBytes(p); }

    static int saliencyImages(Path report) throws Exception {
        String html = Files.readString(report);
        int n = 0;
        for (int i = html.indexOf("alt=\"saliency of "); i >= 0; i = html.indexOf("alt=\"saliency of ", i + 1)) n++;
        return n;
    }

    @Test
    void sameSettingsResumeWithoutRecomputingAndRebuildTheWholeReport() throws Exception {
        Path out = tmp.resolve("out");
        List<String> first = run(options(out, config(2)), false);
        assertTrue(first.contains("disc k=1 seed=0: train"), first.toString());
        int overlays = saliencyImages(out.resolve("report.html"));
        assertEquals(3, overlays, "two anomalous examples and one normal one");
        assertTrue(Files.exists(out.resolve(RunFolder.FINGERPRINT_FILE)), "the fingerprint is recorded");
        assertTrue(Files.exists(out.resolve("saliency/disc/k1_seed0/examples.json")), "the saliency examples are kept");
        byte[] csv = bytes(out.resolve("results.csv")), md = bytes(out.resolve("results.md")), html = bytes(out.resolve("report.html"));

        List<String> again = run(options(out, config(2)), false);
        assertFalse(again.stream().anyMatch(e -> e.endsWith(": train") || e.endsWith(": saliency")), "nothing is computed again: " + again);
        assertTrue(again.stream().anyMatch(e -> e.contains("resuming")), again.toString());
        assertArrayEquals(csv, bytes(out.resolve("results.csv")), "results.csv unchanged");
        assertArrayEquals(md, bytes(out.resolve("results.md")));
        // The resumed report is the whole report: the saliency overlays are redrawn from the kept head, bit for bit.
        assertEquals(overlays, saliencyImages(out.resolve("report.html")));
        assertArrayEquals(html, bytes(out.resolve("report.html")), "report.html rebuilt identically");
    }

    @Test
    void otherSettingsAreRefusedNamingThemAndOverwriteStartsAfresh() throws Exception {
        Path out = tmp.resolve("out");
        run(options(out, config(2)), false);
        byte[] csv = bytes(out.resolve("results.csv"));
        Files.writeString(out.resolve("notes.txt"), "mine");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> run(options(out, config(3)), false));
        assertTrue(e.getMessage().contains("cfg.epochs 2 → 3") && e.getMessage().contains("--overwrite"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line");

        FsacConfig ablation = config(2);
        ablation.lossCE = false;
        ablation.lossI2T = false;
        e = assertThrows(IllegalArgumentException.class, () -> run(options(out, ablation), false));
        assertTrue(e.getMessage().contains("cfg.lossI2T true → false") && e.getMessage().contains("cfg.lossCE true → false"), e.getMessage());
        FsacConfig paper = config(2);
        paper.lossForm = FsacConfig.Form.PAPER;
        e = assertThrows(IllegalArgumentException.class, () -> run(options(out, paper), false));
        assertTrue(e.getMessage().contains("cfg.lossForm CODE → PAPER"), e.getMessage());
        Experiment.Options moreSeeds = new Experiment.Options("mvtec", data, List.of("disc"), List.of(1), 2, config(2), out, 2, Map.of());
        e = assertThrows(IllegalArgumentException.class, () -> run(moreSeeds, false));
        assertTrue(e.getMessage().contains("seeds 1 → 2"), e.getMessage());
        assertArrayEquals(csv, bytes(out.resolve("results.csv")), "a refused run writes nothing");

        List<String> redo = run(options(out, config(3)), true);
        assertTrue(redo.contains("disc k=1 seed=0: train"), "--overwrite recomputes: " + redo);
        assertTrue(Files.readString(out.resolve("results.md")).contains("final epoch (3)"));
        JsonObject fp = JsonParser.parseString(Files.readString(out.resolve(RunFolder.FINGERPRINT_FILE))).getAsJsonObject();
        assertEquals(3, fp.getAsJsonObject("cfg").get("epochs").getAsInt());
        assertEquals("mine", Files.readString(out.resolve("notes.txt")), "files the run did not write are kept");
        assertTrue(Files.isDirectory(out.resolve("cache")), "the cache (keyed by content) is kept");
        try (Stream<Path> s = Files.list(out)) {
            assertFalse(s.anyMatch(p -> p.getFileName().toString().startsWith(".overwritten")), "no trace of the old results");
        }
        List<String> resumed = run(options(out, config(3)), false);
        assertFalse(resumed.contains("disc k=1 seed=0: train"), "the overwritten folder now resumes with the new settings");
    }

    @Test
    void resultsOfUnknownSettingsAreRefused() throws Exception {
        Path out = tmp.resolve("old");
        Files.createDirectories(out);
        Files.writeString(out.resolve("results.csv"), "dataset,class,shots,seed,method,metric,value\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> run(options(out, config(1)), false));
        assertTrue(e.getMessage().contains(RunFolder.FINGERPRINT_FILE) && e.getMessage().contains("--overwrite"), e.getMessage());
        Files.writeString(out.resolve(RunFolder.FINGERPRINT_FILE), "{not json");
        e = assertThrows(IllegalArgumentException.class, () -> run(options(out, config(1)), false));
        assertTrue(e.getMessage().contains("not a run fingerprint"), e.getMessage());
    }

    /** Settings added later are fingerprinted without being listed: every config field and option component changes it. */
    @Test
    void everySettingChangesTheFingerprint() throws Exception {
        Path out = tmp.resolve("fp");
        FsacConfig base = config(2);
        JsonObject was = RunFingerprint.of(options(out, base), List.of("disc"), clip);
        assertEquals(RunFingerprint.version(), was.get("jfsac").getAsString());
        assertFalse(RunFingerprint.version().contains("$"), "the version is filled in at build time");
        int checked = 0;
        for (Field f : FsacConfig.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers())) continue;
            FsacConfig c = base.copy();
            f.set(c, changed(f.getType(), f.get(c)));
            List<String> d = SettingsDiff.differences(was, RunFingerprint.of(options(out, c), List.of("disc"), clip));
            assertTrue(d.stream().anyMatch(s -> s.startsWith("cfg." + f.getName())), f.getName() + ": " + d);
            checked++;
        }
        assertTrue(checked > 20, "all config fields checked: " + checked);
        for (RecordComponent rc : Experiment.Options.class.getRecordComponents()) {
            boolean deciding = !RunFingerprint.NOT_DECIDING.contains(rc.getName());
            boolean set = rc.getAccessor().invoke(options(out, base)) != null; // unset (null) options are absent
            assertEquals(deciding && set, was.has(rc.getName()), rc.getName());
        }
        // The CLIP side: other weights, another class list.
        ClipBackbone other = DemoModel.backbone(Devices.cpu(), 64, 1);
        assertTrue(SettingsDiff.differences(was, RunFingerprint.of(options(out, base), List.of("disc"), other)).contains(
                "clip.weights demo-random-seed0 → demo-random-seed1"));
        List<String> d = SettingsDiff.differences(was, RunFingerprint.of(options(out, base), List.of("disc", "grid"), clip));
        assertTrue(d.stream().anyMatch(s -> s.startsWith("classes ")) && d.stream().anyMatch(s -> s.startsWith("clip.promptTokens ")), d.toString());
        // Output-only choices do not count.
        Experiment.Options elsewhere = new Experiment.Options("mvtec", data, List.of("disc"), List.of(1), 1, base, tmp.resolve("x"), 5, Map.of("a", "b"));
        assertEquals(List.of(), SettingsDiff.differences(was, RunFingerprint.of(elsewhere, List.of("disc"), clip)));
    }

    /** Another value of a config field's type (fields other developers add need a case here only for a new type). */
    private static Object changed(Class<?> type, Object v) {
        if (type == double.class || type == Double.class) return v == null ? 1.0 : (Double) v + 1;
        if (type == int.class || type == Integer.class) return v == null ? 1 : (Integer) v + 1;
        if (type == long.class || type == Long.class) return v == null ? 1L : (Long) v + 1;
        if (type == boolean.class || type == Boolean.class) return v == null || !(Boolean) v;
        if (type == String.class) return v == null ? "x" : v + "x";
        if (type == Path.class) return v == null ? Path.of("x") : ((Path) v).resolve("x");
        if (type == int[].class) return v == null ? new int[]{1} : Arrays.copyOf((int[]) v, ((int[]) v).length + 1);
        if (type == double[].class) return v == null ? new double[]{1} : Arrays.copyOf((double[]) v, ((double[]) v).length + 1);
        if (type.isEnum()) {
            Object[] all = type.getEnumConstants();
            return v == null ? all[0] : all[(((Enum<?>) v).ordinal() + 1) % all.length];
        }
        if (v instanceof Map<?, ?> m && !m.isEmpty()) {
            Map<Object, Object> copy = new LinkedHashMap<>(m);
            copy.remove(copy.keySet().iterator().next());
            return copy;
        }
        if (v instanceof List<?> l && !l.isEmpty()) return l.subList(1, l.size());
        throw new AssertionError("no test change for a config field of type " + type + " holding " + v + "; add one here");
    }
}
