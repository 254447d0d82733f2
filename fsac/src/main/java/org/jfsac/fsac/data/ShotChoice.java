package org.jfsac.fsac.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Which k normal images a run trains on: drawn per seed ({@link KShot#select}), drawn once (seed 0) and kept for
 * every seed, or read from a folder. The authors' k shots are the contents of a fixed pre-built few-shot folder
 * (MVTec layout, {@code <class>/train/good/} holding exactly k images), the same for every run; a folder given
 * here may hold that layout or, per class, a list {@code <class>/k<k>.txt} of file names of the train split
 * (as {@link KShot#write} records them).
 */
public final class ShotChoice {
    private ShotChoice() {}

    /**
     * @param shotsFrom a folder to read the shots from, or null to draw them
     * @param fixed     with no folder: the same draw (seed 0) for every seed
     * @param sorted    return the shots sorted by file name (the authors' DataLoader order) instead of drawn order
     */
    public static List<Sample> choose(List<Sample> train, String cls, int k, long seed, Path shotsFrom, boolean fixed,
                                      boolean sorted) throws IOException {
        List<Sample> shots = shotsFrom != null ? fromFolder(shotsFrom, train, cls, k) : KShot.select(train, k, fixed ? 0 : seed);
        if (!sorted) return shots;
        List<Sample> out = new ArrayList<>(shots);
        out.sort(Comparator.comparing(s -> s.image().getFileName().toString()));
        return out;
    }

    private static List<Sample> fromFolder(Path dir, List<Sample> train, String cls, int k) throws IOException {
        ImageFiles.requireClassName(cls);
        Path good = dir.resolve(cls).resolve("train").resolve(MvtecDataset.NORMAL_FOLDER);
        Path list = dir.resolve(cls).resolve("k" + k + ".txt");
        List<Sample> shots;
        Path source;
        if (Files.isDirectory(good)) {
            source = good;
            shots = new ArrayList<>();
            for (Path image : ImageFiles.images(good)) shots.add(new Sample(image, Sample.NORMAL, MvtecDataset.NORMAL_FOLDER, null));
        } else if (Files.isRegularFile(list)) {
            source = list;
            shots = KShot.read(list, train);
        } else {
            throw new NoSuchFileException(dir.toString(), null, "no shots for class '" + cls + "' (looked for "
                    + good + "/ and " + list + ")");
        }
        if (shots.size() != k)
            throw new DatasetFormatException(source, "holds " + shots.size() + " shots, but k = " + k + " (choose it with --shots)");
        return shots;
    }
}
