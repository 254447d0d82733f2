package org.jfsac.fsac.pipeline;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.jfsac.core.io.AtomicFiles;
import org.jfsac.fsac.settings.SettingsDiff;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.stream.Stream;

/**
 * Keeps a result folder to one set of settings. Before any result is written, {@link #claim} compares the
 * folder's {@value #FINGERPRINT_FILE} with the run's fingerprint: equal resumes, different (or results of unknown
 * settings) is refused with one line naming the differing settings, and {@code overwrite} removes the previous
 * results first. The fingerprint is written atomically before the first result.
 */
public final class RunFolder {
    private RunFolder() {}

    public static final String FINGERPRINT_FILE = "run.json";

    /** What {@link Experiment} writes into a run folder; --overwrite removes exactly these (never data, caches or other files). */
    static final List<String> RESULTS = List.of("results.csv", "results.md", "report.html", "scores", "shots", "saliency");

    private static final String TRASH_PREFIX = ".overwritten-";

    /** The outcome of {@link #claim}. */
    public enum Claim { NEW, RESUMED, OVERWRITTEN }

    /**
     * Makes {@code out} a folder of runs with {@code fingerprint}.
     *
     * @throws IllegalArgumentException if {@code out} holds results of other or unknown settings and not {@code overwrite}
     */
    public static Claim claim(Path out, JsonObject fingerprint, boolean overwrite) throws IOException {
        Files.createDirectories(out);
        Path file = out.resolve(FINGERPRINT_FILE);
        boolean recorded = Files.exists(file, LinkOption.NOFOLLOW_LINKS);
        boolean hasResults = recorded || RESULTS.stream().anyMatch(n -> Files.exists(out.resolve(n), LinkOption.NOFOLLOW_LINKS));
        Claim claim = Claim.NEW;
        if (hasResults && overwrite) {
            removeResults(out);
            claim = Claim.OVERWRITTEN;
        } else if (hasResults) {
            if (!recorded)
                throw new IllegalArgumentException(out + " holds results without " + FINGERPRINT_FILE
                        + " (an older jfsac made them), so their settings are unknown; use --overwrite or another --out");
            List<String> diff = SettingsDiff.differences(read(file), fingerprint);
            if (!diff.isEmpty())
                throw new IllegalArgumentException(out + " was made with other settings: " + SettingsDiff.summary(diff, 6)
                        + "; use --overwrite or another --out");
            return Claim.RESUMED;
        }
        AtomicFiles.writeString(file, new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(fingerprint) + "\n");
        return claim;
    }

    private static JsonObject read(Path file) throws IOException {
        try {
            return JsonParser.parseString(Files.readString(file)).getAsJsonObject();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(file + ": not a run fingerprint (" + e.getMessage()
                    + "); use --overwrite or another --out");
        }
    }

    /**
     * Moves the previous results (and their fingerprint) into one hidden folder inside {@code out}, then deletes
     * that folder. Renames keep an interrupted overwrite from leaving a half-deleted mix beside a new fingerprint;
     * links are removed, never followed, so nothing outside {@code out} is touched.
     */
    private static void removeResults(Path out) throws IOException {
        Path trash = Files.createTempDirectory(out, TRASH_PREFIX);
        move(out.resolve(FINGERPRINT_FILE), trash); // first: results left behind by an interruption count as unknown
        for (String n : RESULTS) move(out.resolve(n), trash);
        try (Stream<Path> s = Files.list(out)) { // what an interrupted earlier overwrite left
            for (Path p : s.filter(p -> p.getFileName().toString().startsWith(TRASH_PREFIX) && !p.equals(trash)).toList()) move(p, trash);
        }
        deleteTree(trash);
    }

    /** Deletes {@code dir} and everything in it; links are removed, never followed. */
    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) return;
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override public FileVisitResult visitFile(Path f, BasicFileAttributes a) throws IOException {
                Files.delete(f);
                return FileVisitResult.CONTINUE;
            }

            @Override public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                if (e != null) throw e;
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static void move(Path p, Path trash) throws IOException {
        if (Files.exists(p, LinkOption.NOFOLLOW_LINKS)) Files.move(p, trash.resolve(p.getFileName()));
    }
}
