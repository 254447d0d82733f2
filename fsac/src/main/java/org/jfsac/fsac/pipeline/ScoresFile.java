package org.jfsac.fsac.pipeline;

import org.jfsac.core.io.AtomicFiles;
import org.jfsac.fsac.data.Sample;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** Per-image scores of one (class, k, seed): image, label, CLIP-FSAC++ score, CLIP-AC score. */
final class ScoresFile {
    private ScoresFile() {}

    static void write(Path file, List<Sample> test, int[] labels, double[] fsac, double[] clipAc) throws IOException {
        StringBuilder sb = new StringBuilder("image,label,clip_fsac_pp,clip_ac\n");
        for (int i = 0; i < labels.length; i++)
            sb.append(test.get(i).image().toString().replace(",", "_")).append(',').append(labels[i]).append(',')
                    .append(String.format(Locale.ROOT, "%.9g,%.9g%n", fsac[i], clipAc[i]));
        AtomicFiles.writeString(file, sb.toString());
    }

    static double[] readScores(Path file, int n) throws IOException {
        List<String> lines = Files.readAllLines(file);
        if (lines.size() != n + 1) throw new IOException(file + ": expected " + n + " scores, found " + (lines.size() - 1) + " (delete it to recompute)");
        double[] s = new double[n];
        for (int i = 0; i < n; i++) {
            String[] f = lines.get(i + 1).split(",");
            s[i] = Double.parseDouble(f[2]);
        }
        return s;
    }

    /** Labels, CLIP-FSAC++ and CLIP-AC scores of a whole file (a merged folder's report is rebuilt from them). */
    record Columns(int[] labels, double[] fsac, double[] clipAc) {}

    static Columns read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        int n = lines.size() - 1;
        int[] labels = new int[Math.max(n, 0)];
        double[] fsac = new double[labels.length], clipAc = new double[labels.length];
        try {
            for (int i = 0; i < n; i++) {
                String[] f = lines.get(i + 1).split(",");
                labels[i] = Integer.parseInt(f[1]);
                fsac[i] = Double.parseDouble(f[2]);
                clipAc[i] = Double.parseDouble(f[3]);
            }
        } catch (RuntimeException e) {
            throw new IOException(file + ": not a scores file (" + e.getMessage() + ")");
        }
        return new Columns(labels, fsac, clipAc);
    }
}
