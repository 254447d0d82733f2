package org.jfsac.fsac.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Chooses the k normal reference images of a few-shot run, and records the choice.
 *
 * <p>The draw, which reproduces across machines and JDKs: {@code new SplittableRandom(seed)}, then a partial
 * Fisher-Yates shuffle of the indices 0..n−1 of the (sorted) train list: for i = 0..k−1, j = i +
 * {@code nextInt(n − i)}, swap positions i and j; the chosen samples are positions 0..k−1 in that order. Distinct
 * by construction; the same list, k and seed give the same samples.
 */
public final class KShot {

    private KShot() {
    }

    public static List<Sample> select(List<Sample> train, int k, long seed) {
        if (train == null || train.isEmpty()) {
            throw new IllegalArgumentException("no training images to choose shots from");
        }
        int n = train.size();
        if (k < 1 || k > n) {
            throw new IllegalArgumentException("k = " + k + " shots, but the train split has " + n + " images");
        }
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        SplittableRandom random = new SplittableRandom(seed);
        List<Sample> chosen = new ArrayList<>(k);
        for (int i = 0; i < k; i++) {
            int j = i + random.nextInt(n - i);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
            chosen.add(train.get(order[i]));
        }
        return chosen;
    }

    /** Writes the chosen images' file names, one a line, in the order chosen. */
    public static void write(List<Sample> chosen, Path file) throws IOException {
        StringBuilder text = new StringBuilder();
        for (Sample s : chosen) {
            text.append(s.image().getFileName()).append('\n');
        }
        org.jfsac.core.io.AtomicFiles.writeString(file, text.toString());
    }

    /**
     * Reads a list written by {@link #write} (or by hand, e.g. the paper authors' shot lists) back into samples
     * of {@code train}, matched by file name. Blank lines are skipped; an unknown, ambiguous or repeated name is an
     * error.
     */
    public static List<Sample> read(Path file, List<Sample> train) throws IOException {
        Map<String, Sample> byName = new HashMap<>();
        List<String> ambiguous = new ArrayList<>();
        for (Sample s : train) {
            String name = s.image().getFileName().toString();
            if (byName.put(name, s) != null) {
                ambiguous.add(name);
            }
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        List<Sample> chosen = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String name = lines.get(i).strip();
            if (name.isEmpty()) {
                continue;
            }
            if (ambiguous.contains(name)) {
                throw new DatasetFormatException(file, "line " + (i + 1) + ": '" + name
                        + "' names more than one training image");
            }
            Sample s = byName.get(name);
            if (s == null) {
                throw new DatasetFormatException(file, "line " + (i + 1) + ": '" + name
                        + "' is not an image of the train split");
            }
            if (chosen.contains(s)) {
                throw new DatasetFormatException(file, "line " + (i + 1) + ": '" + name + "' is listed twice");
            }
            chosen.add(s);
        }
        return chosen;
    }
}
