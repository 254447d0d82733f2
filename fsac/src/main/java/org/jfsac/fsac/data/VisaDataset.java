package org.jfsac.fsac.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;

/**
 * VisA in either of its two common layouts, detected per root:
 * <ul>
 * <li>{@link Layout#SPLIT_CSV}, the raw download: {@code <obj>/Data/Images/{Normal,Anomaly}/*.JPG},
 *     {@code <obj>/Data/Masks/Anomaly/*.png}, and {@code split_csv/1cls.csv} saying which image is in which split
 *     (see {@link VisaSplitCsv}). Raw VisA names no defect types: samples are "good" or "anomaly".</li>
 * <li>{@link Layout#MVTEC_STYLE}, the tree reorganised like MVTec AD ({@code <cls>/train/good},
 *     {@code <cls>/test/{good,bad}}, {@code <cls>/ground_truth/bad}); loaded by {@link MvtecDataset}.</li>
 * </ul>
 * When a root has the split file, it wins.
 */
public final class VisaDataset {

    public enum Layout { SPLIT_CSV, MVTEC_STYLE }

    static final String ANOMALY = "anomaly";

    private VisaDataset() {
    }

    public static Layout detect(Path root) throws IOException {
        ImageFiles.requireDirectory(root, "the VisA root");
        if (Files.isRegularFile(root.resolve(VisaSplitCsv.RELATIVE_PATH))) {
            return Layout.SPLIT_CSV;
        }
        for (Path dir : ImageFiles.subdirectories(root)) {
            if (Files.isDirectory(dir.resolve("train")) || Files.isDirectory(dir.resolve("test"))) {
                return Layout.MVTEC_STYLE;
            }
        }
        throw new NoSuchFileException(root.resolve(VisaSplitCsv.RELATIVE_PATH).toString(), null,
                "not a VisA root: no split file, and no class folder with train/ or test/ (the MVTec-style tree)");
    }

    /** The class (object) names: the split file's objects, or the MVTec-style class folders; sorted. */
    public static List<String> classes(Path root) throws IOException {
        if (detect(root) == Layout.MVTEC_STYLE) {
            return MvtecDataset.classes(root);
        }
        TreeSet<String> objects = new TreeSet<>();
        for (VisaSplitCsv.Row row : VisaSplitCsv.read(root.resolve(VisaSplitCsv.RELATIVE_PATH))) {
            objects.add(row.object());
        }
        return List.copyOf(objects);
    }

    public static ClassSplit load(Path root, String cls) throws IOException {
        return load(root, cls, detect(root));
    }

    public static ClassSplit load(Path root, String cls, Layout layout) throws IOException {
        ImageFiles.requireClassName(cls);
        return layout == Layout.MVTEC_STYLE ? MvtecDataset.load(root, cls) : loadFromCsv(root, cls);
    }

    /**
     * A missing image file is an error naming the CSV line; a missing or unnamed mask of an anomalous image is
     * a warning. Each split is sorted by image path, whatever the CSV order.
     */
    private static ClassSplit loadFromCsv(Path root, String cls) throws IOException {
        Path csv = root.resolve(VisaSplitCsv.RELATIVE_PATH);
        List<Sample> train = new ArrayList<>();
        List<Sample> test = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        TreeSet<String> objects = new TreeSet<>();
        for (VisaSplitCsv.Row row : VisaSplitCsv.read(csv)) {
            objects.add(row.object());
            if (!row.object().equals(cls)) {
                continue;
            }
            Path image = root.resolve(row.image());
            if (!Files.isRegularFile(image)) {
                throw new NoSuchFileException(image.toString(), null,
                        "image listed on line " + row.line() + " of " + csv + " does not exist");
            }
            if (row.train() && row.anomalous()) {
                throw new DatasetFormatException(csv, "line " + row.line() + ": anomalous image " + row.image()
                        + " in the train split; train must be normal only");
            }
            Sample sample = row.anomalous()
                    ? new Sample(image, Sample.ANOMALOUS, ANOMALY, mask(root, csv, row, warnings))
                    : new Sample(image, Sample.NORMAL, MvtecDataset.NORMAL_FOLDER, null);
            (row.train() ? train : test).add(sample);
        }
        if (train.isEmpty() && test.isEmpty()) {
            throw new DatasetFormatException(csv, "no rows for object '" + cls + "'; objects there: " + objects);
        }
        if (train.isEmpty()) {
            throw new DatasetFormatException(csv, "object '" + cls + "' has no train rows: no normal images "
                    + "to draw k shots from");
        }
        if (test.isEmpty()) {
            throw new DatasetFormatException(csv, "object '" + cls + "' has no test rows: nothing to evaluate");
        }
        train.sort(Comparator.comparing(Sample::image));
        test.sort(Comparator.comparing(Sample::image));
        MvtecDataset.warnIfOneClass(cls, csv, test, warnings);
        return new ClassSplit(cls, train, test, warnings);
    }

    private static Path mask(Path root, Path csv, VisaSplitCsv.Row row, List<String> warnings) {
        if (row.mask().isEmpty()) {
            warnings.add("line " + row.line() + " of " + csv + ": anomalous image " + row.image() + " has no mask");
            return null;
        }
        Path mask = root.resolve(row.mask());
        if (!Files.isRegularFile(mask)) {
            warnings.add("mask " + mask + " (line " + row.line() + " of " + csv + ") does not exist");
            return null;
        }
        return mask;
    }
}
