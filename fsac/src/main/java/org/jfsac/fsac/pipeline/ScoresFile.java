package org.jfsac.fsac.pipeline;

import org.jfsac.core.io.AtomicFiles;
import org.jfsac.fsac.data.Sample;
import org.jfsac.fsac.method.Methods;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Per-image scores of one (class, k, seed): {@code image,label}, then one column per method of the run, in the
 * run's order, named {@link Methods#column} (clip_ac, clip_fsac_pp, knn). Columns are read by name, so files of
 * jfsac versions with other columns (clip_fsac_pp,clip_ac) still read.
 */
final class ScoresFile {
    private ScoresFile() {}

    /** Writes {@code scores} (by method name, one value per test image) atomically. */
    static void write(Path file, List<Sample> test, int[] labels, Map<String, double[]> scores) throws IOException {
        StringBuilder sb = new StringBuilder("image,label");
        for (String m : scores.keySet()) sb.append(',').append(Methods.column(m));
        sb.append('\n');
        for (int i = 0; i < labels.length; i++) {
            sb.append(test.get(i).image().toString().replace(",", "_")).append(',').append(labels[i]);
            for (double[] s : scores.values()) sb.append(String.format(Locale.ROOT, ",%.9g", s[i]));
            sb.append('\n');
        }
        AtomicFiles.writeString(file, sb.toString());
    }

    /** Labels and the scores of {@code methods} (by method name, in that order) of a whole file. */
    record Columns(int[] labels, Map<String, double[]> scores) {}

    static Columns read(Path file, List<String> methods) throws IOException {
        List<String> lines = Files.readAllLines(file);
        if (lines.isEmpty()) throw new IOException(file + ": empty scores file (delete it to recompute)");
        List<String> header = List.of(lines.get(0).split(",", -1));
        int n = lines.size() - 1;
        int[] labels = new int[n];
        Map<String, double[]> scores = new LinkedHashMap<>();
        for (String m : methods) {
            if (!header.contains(Methods.column(m)))
                throw new IOException(file + ": no " + Methods.column(m) + " column (" + m + "); delete it to recompute");
            scores.put(m, new double[n]);
        }
        try {
            for (int i = 0; i < n; i++) {
                String[] f = lines.get(i + 1).split(",", -1);
                if (f.length != header.size()) throw new IllegalArgumentException("line " + (i + 2) + " has " + f.length + " fields, the header " + header.size());
                labels[i] = Integer.parseInt(f[1]);
                for (Map.Entry<String, double[]> e : scores.entrySet())
                    e.getValue()[i] = Double.parseDouble(f[header.indexOf(Methods.column(e.getKey()))]);
            }
        } catch (RuntimeException e) {
            throw new IOException(file + ": not a scores file (" + e.getMessage() + ")");
        }
        return new Columns(labels, scores);
    }
}
