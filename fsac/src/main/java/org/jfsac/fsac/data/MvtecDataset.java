package org.jfsac.fsac.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The MVTec AD folder layout, for any class name:
 * <pre>
 * root/&lt;cls&gt;/train/good/*.png                       normal training images
 * root/&lt;cls&gt;/test/good/*.png                        normal test images
 * root/&lt;cls&gt;/test/&lt;defect&gt;/*.png                  anomalous test images
 * root/&lt;cls&gt;/ground_truth/&lt;defect&gt;/&lt;name&gt;_mask.png  their masks
 * </pre>
 * A mask may also be named {@code <name>.png} (as VisA trees reorganised into this layout name them); any image
 * extension is accepted. Files are sorted by name, so loading is deterministic.
 */
public final class MvtecDataset {

    static final String NORMAL_FOLDER = "good";

    private MvtecDataset() {
    }

    /**
     * The class folders under {@code root}: non-hidden folders holding a {@code train} or {@code test} folder,
     * sorted. Other folders (VisA's {@code split_csv}, say) are not classes.
     */
    public static List<String> classes(Path root) throws IOException {
        ImageFiles.requireDirectory(root, "the dataset root");
        List<String> classes = new ArrayList<>();
        for (Path dir : ImageFiles.subdirectories(root)) {
            if (Files.isDirectory(dir.resolve("train")) || Files.isDirectory(dir.resolve("test"))) {
                classes.add(dir.getFileName().toString());
            }
        }
        if (classes.isEmpty()) {
            throw new DatasetFormatException(root, "no class folders (folders holding train/ or test/)");
        }
        return classes;
    }

    /**
     * Loads one class. A missing class, train/good or test folder, or a train/good without images, is an
     * exception naming the path; an anomalous image without a mask, or a test split lacking one of the two
     * classes, is a warning in the result.
     */
    public static ClassSplit load(Path root, String cls) throws IOException {
        ImageFiles.requireClassName(cls);
        Path classDir = root.resolve(cls);
        ImageFiles.requireDirectory(classDir, "class '" + cls + "'");
        Path trainGood = classDir.resolve("train").resolve(NORMAL_FOLDER);
        ImageFiles.requireDirectory(trainGood, "the normal training images of class '" + cls + "'");
        Path testDir = classDir.resolve("test");
        ImageFiles.requireDirectory(testDir, "the test images of class '" + cls + "'");

        List<Sample> train = new ArrayList<>();
        for (Path image : ImageFiles.images(trainGood)) {
            train.add(new Sample(image, Sample.NORMAL, NORMAL_FOLDER, null));
        }
        if (train.isEmpty()) {
            throw new DatasetFormatException(trainGood, "no images (extensions " + ImageFiles.EXTENSIONS + ")");
        }
        List<String> warnings = new ArrayList<>();
        List<Sample> test = testSamples(classDir, testDir, warnings);
        warnIfOneClass(cls, testDir, test, warnings);
        return new ClassSplit(cls, train, test, warnings);
    }

    /**
     * {@code testDir/good} as normal images and every other {@code testDir/<defect>} as anomalous ones with their
     * masks from {@code classDir/ground_truth/<defect>}, in folder then file name order. Shared with
     * {@link FolderDataset}, whose test side is this layout.
     */
    static List<Sample> testSamples(Path classDir, Path testDir, List<String> warnings) throws IOException {
        List<Sample> test = new ArrayList<>();
        for (Path defectDir : ImageFiles.subdirectories(testDir)) {
            String defect = defectDir.getFileName().toString();
            if (defect.equals(NORMAL_FOLDER)) {
                for (Path image : ImageFiles.images(defectDir)) {
                    test.add(new Sample(image, Sample.NORMAL, NORMAL_FOLDER, null));
                }
            } else {
                addAnomalous(defectDir, classDir.resolve("ground_truth").resolve(defect), test, warnings);
            }
        }
        return test;
    }

    private static void addAnomalous(Path defectDir, Path maskDir, List<Sample> test, List<String> warnings)
            throws IOException {
        List<Path> images = ImageFiles.images(defectDir);
        Map<String, Path> masksByStem = new HashMap<>();
        boolean hasMaskDir = Files.isDirectory(maskDir);
        if (hasMaskDir) {
            for (Path mask : ImageFiles.images(maskDir)) {
                masksByStem.put(ImageFiles.stem(mask), mask);
            }
        } else if (!images.isEmpty()) {
            warnings.add("no mask folder " + maskDir + ": " + images.size() + " anomalous images without masks");
        }
        String defect = defectDir.getFileName().toString();
        for (Path image : images) {
            String stem = ImageFiles.stem(image);
            Path mask = masksByStem.getOrDefault(stem + "_mask", masksByStem.get(stem));
            if (mask == null && hasMaskDir) { // a missing folder was reported once above
                warnings.add("no mask for " + image + " (looked for " + stem + "_mask.* and " + stem
                        + ".* in " + maskDir + ")");
            }
            test.add(new Sample(image, Sample.ANOMALOUS, defect, mask));
        }
    }

    /** AUROC needs both classes; say so at load time rather than when the metric fails. */
    static void warnIfOneClass(String cls, Path where, List<Sample> test, List<String> warnings) {
        long anomalous = test.stream().filter(Sample::isAnomalous).count();
        if (anomalous == 0 || anomalous == test.size()) {
            warnings.add("class '" + cls + "': the test split in " + where + " has " + (test.size() - anomalous)
                    + " normal and " + anomalous + " anomalous images; image-level metrics need both");
        }
    }
}
