package org.jfsac.fsac.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Users' own images, registered as dataset {@value #NAME}. One class is one folder:
 * <pre>
 * &lt;cls&gt;/normal/*.png                           normal images: the k-shot pool
 * &lt;cls&gt;/test/good/*.png                        normal test images
 * &lt;cls&gt;/test/&lt;defect&gt;/*.png                  anomalous test images (any folder name but good)
 * &lt;cls&gt;/ground_truth/&lt;defect&gt;/&lt;name&gt;_mask.png  optional masks (&lt;name&gt;.png also matches)
 * </pre>
 * The root is either such a class folder itself (it holds {@code normal/}; its folder name is the class name, which
 * the text prompts use, so name it after the object) or a folder of class folders. Any image extension is accepted;
 * files are sorted by name. Masks are optional: without them only the saliency examples lack a pixel AUROC.
 * <p>
 * Unlike {@link MvtecDataset}, which warns, an empty test folder or a test split of only normal or only anomalous
 * images is an error here: the image-level metrics need both, and a user's tree is better fixed before encoding.
 */
public final class FolderDataset implements Dataset {

    /** The registered name, {@code --dataset folder}. */
    public static final String NAME = "folder";
    static final String NORMAL = "normal";
    private static final String LAYOUT = "[<cls>/]normal/, [<cls>/]test/good/, [<cls>/]test/<defect>/, "
            + "optional [<cls>/]ground_truth/<defect>/<name>_mask.png";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "your own images: " + LAYOUT;
    }

    @Override
    public List<String> classes(Path root) throws IOException {
        ImageFiles.requireDirectory(root, "the dataset root");
        if (isClassFolder(root)) {
            return List.of(singleClassName(root));
        }
        List<String> classes = new ArrayList<>();
        for (Path dir : ImageFiles.subdirectories(root)) {
            if (isClassFolder(dir) || Files.isDirectory(dir.resolve("test"))) {
                classes.add(dir.getFileName().toString());
            }
        }
        if (classes.isEmpty()) {
            throw new DatasetFormatException(root, "no normal/ folder here and no class folders holding normal/ or "
                    + "test/ (layout: " + LAYOUT + ")");
        }
        return classes;
    }

    @Override
    public ClassSplit load(Path root, String cls) throws IOException {
        ImageFiles.requireClassName(cls);
        Path classDir = classFolder(root, cls);
        ImageFiles.requireDirectory(classDir, "class '" + cls + "'");
        Path normalDir = classDir.resolve(NORMAL);
        ImageFiles.requireDirectory(normalDir, "the normal training images of class '" + cls + "' (normal/)");
        List<Sample> train = new ArrayList<>();
        for (Path image : ImageFiles.images(normalDir)) {
            train.add(new Sample(image, Sample.NORMAL, MvtecDataset.NORMAL_FOLDER, null));
        }
        if (train.isEmpty()) {
            throw new DatasetFormatException(normalDir, "no images (extensions " + ImageFiles.EXTENSIONS + ")");
        }
        Path testDir = classDir.resolve("test");
        ImageFiles.requireDirectory(testDir, "the test images of class '" + cls + "' (test/good and test/<defect>)");
        List<String> warnings = new ArrayList<>();
        List<Sample> test = MvtecDataset.testSamples(classDir, testDir, warnings);
        requireBothKinds(testDir, test);
        return new ClassSplit(cls, train, test, warnings);
    }

    private static boolean isClassFolder(Path dir) {
        return Files.isDirectory(dir.resolve(NORMAL));
    }

    /** "." or "data/" name no class: the class is the folder's own name. */
    private static String singleClassName(Path root) {
        Path name = root.toAbsolutePath().normalize().getFileName();
        if (name == null) {
            throw new IllegalArgumentException(root + ": a class folder needs a name (the class name); "
                    + "the file system root has none");
        }
        return name.toString();
    }

    private static Path classFolder(Path root, String cls) throws IOException {
        if (!isClassFolder(root)) {
            return root.resolve(cls);
        }
        String only = singleClassName(root);
        if (!only.equals(cls)) {
            throw new DatasetFormatException(root, "is the folder of class '" + only + "' (it holds normal/), "
                    + "not of class '" + cls + "'");
        }
        return root;
    }

    private static void requireBothKinds(Path testDir, List<Sample> test) throws IOException {
        long anomalous = test.stream().filter(Sample::isAnomalous).count();
        long normal = test.size() - anomalous;
        if (test.isEmpty()) {
            int loose = ImageFiles.images(testDir).size();
            throw new DatasetFormatException(testDir, "no test images in good/ or <defect>/ subfolders"
                    + (loose > 0 ? "; its " + loose + " images directly in test/ belong in test/good or test/<defect>"
                    : ""));
        }
        if (anomalous == 0 || normal == 0) {
            throw new DatasetFormatException(testDir, normal + " normal and " + anomalous + " anomalous test images;"
                    + " image-level metrics need both: add " + (normal == 0 ? "test/good" : "a test/<defect> folder"));
        }
    }
}
