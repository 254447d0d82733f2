package org.jfsac.fsac.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.jfsac.fsac.synth.Mask;
import org.jfsac.clip.image.RgbImage;

/**
 * A small procedural dataset in the MVTec AD layout, for demos and end-to-end tests without the real data:
 * <pre>
 * root/&lt;class&gt;/train/good/000.png …
 * root/&lt;class&gt;/test/good/000.png …
 * root/&lt;class&gt;/test/&lt;defect&gt;/000.png …
 * root/&lt;class&gt;/ground_truth/&lt;defect&gt;/000_mask.png …   (0/255, exactly the altered pixels)
 * </pre>
 * Every image has its own random stream derived from (seed, class, split, defect, index), so the output is
 * identical for the same seed and an image does not change when the counts in {@link Config} change.
 */
public final class DemoDataset {
    /** Image size (square, ≥ 32) and how many images of each kind per class. */
    public record Config(int size, int trainGood, int testGood, int testPerDefect, List<DemoClass> classes) {
        public Config {
            if (size < 32) {
                throw new IllegalArgumentException("demo image size must be at least 32, got " + size);
            }
            if (trainGood < 1 || testGood < 1 || testPerDefect < 1) {
                throw new IllegalArgumentException("every split needs at least one image, got train " + trainGood
                        + ", test good " + testGood + ", test per defect " + testPerDefect);
            }
            if (classes.isEmpty()) {
                throw new IllegalArgumentException("no demo classes requested");
            }
            classes = List.copyOf(classes);
        }

        /** 64×64; 10 train, 8 test good and 4 per defect type (8 defective) per class; all classes. */
        public static Config defaults() {
            return new Config(64, 10, 8, 4, List.of(DemoClass.values()));
        }
    }

    /** A test image with its defect-free original and the exact mask of altered pixels. */
    public record Sample(RgbImage clean, RgbImage image, Mask mask) {
    }

    /** What was written: the class folders and the number of image and mask files. */
    public record Written(List<Path> classDirs, int images, int masks) {
    }

    private DemoDataset() {
    }

    /**
     * Where a class keeps its normal training images (the k-shot pool): the only difference between the layouts
     * the demo can write, MVTec AD's ({@code <cls>/train/good}) and the folder dataset's ({@code <cls>/normal}).
     */
    public enum Layout {
        MVTEC("train/good"), FOLDER("normal");

        private final String trainDir;

        Layout(String trainDir) { this.trainDir = trainDir; }
    }

    public static Written generate(Path root, long seed) {
        return generate(root, seed, Config.defaults());
    }

    /** Writes the dataset under {@code root}; refuses to write into a non-empty class folder. */
    public static Written generate(Path root, long seed, Config config) {
        return generate(root, seed, config, Layout.MVTEC);
    }

    /** As {@link #generate(Path, long, Config)}, in the given layout (the same images either way). */
    public static Written generate(Path root, long seed, Config config, Layout layout) {
        int images = 0;
        int masks = 0;
        List<Path> dirs = config.classes().stream().map(c -> root.resolve(c.dirName())).toList();
        for (Path dir : dirs) {
            requireEmpty(dir);
        }
        for (DemoClass cls : config.classes()) {
            Path dir = root.resolve(cls.dirName());
            for (int i = 0; i < config.trainGood(); i++) {
                normal(cls, config.size(), seed, "train", i).writePng(dir.resolve(layout.trainDir + "/" + name(i) + ".png"));
                images++;
            }
            for (int i = 0; i < config.testGood(); i++) {
                normal(cls, config.size(), seed, "test", i).writePng(dir.resolve("test/good/" + name(i) + ".png"));
                images++;
            }
            for (Defect defect : cls.defects()) {
                for (int i = 0; i < config.testPerDefect(); i++) {
                    Sample s = defective(cls, defect, config.size(), seed, i);
                    s.image().writePng(dir.resolve("test/" + defect.dirName() + "/" + name(i) + ".png"));
                    s.mask().writePng(dir.resolve("ground_truth/" + defect.dirName() + "/" + name(i) + "_mask.png"));
                    images++;
                    masks++;
                }
            }
        }
        return new Written(dirs, images, masks);
    }

    /** Written last, when every file of the dataset is in place. */
    public static final String COMPLETE_MARKER = ".jfsac-demo-complete";

    /**
     * Makes sure a complete demo dataset is under {@code root}: nothing to do when its completion
     * marker is there; otherwise (first run, or a run stopped part-way by a crash or a full disk) the
     * demo class folders are removed and the dataset is written again, marker last. Returns what was
     * written, or null when the dataset was already complete.
     */
    public static Written ensure(Path root, long seed) throws IOException {
        return ensure(root, seed, Layout.MVTEC);
    }

    /** As {@link #ensure(Path, long)}, in the given layout. */
    public static Written ensure(Path root, long seed, Layout layout) throws IOException {
        if (Files.isRegularFile(root.resolve(COMPLETE_MARKER))) return null;
        for (DemoClass cls : Config.defaults().classes()) deleteTree(root.resolve(cls.dirName()));
        Written w = generate(root, seed, Config.defaults(), layout);
        org.jfsac.core.io.AtomicFiles.writeString(root.resolve(COMPLETE_MARKER), "seed " + seed + "\n");
        return w;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.isDirectory(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) return;
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) all.sorted(java.util.Comparator.reverseOrder())::iterator) Files.delete(p);
        }
    }

    /** The normal image number {@code index} of a split ("train" or "test"). */
    public static RgbImage normal(DemoClass cls, int size, long seed, String split, int index) {
        return cls.render(size, stream(seed, cls, split, "good", index)).image();
    }

    /** The defective test image number {@code index} of a defect type. */
    public static Sample defective(DemoClass cls, Defect defect, int size, long seed, int index) {
        if (!cls.defects().contains(defect)) {
            throw new IllegalArgumentException("class " + cls.dirName() + " has no defect " + defect.dirName()
                    + " (it has " + cls.defects() + ")");
        }
        SplittableRandom rng = stream(seed, cls, "test", defect.dirName(), index);
        Scene scene = cls.render(size, rng);
        RgbImage clean = scene.image().copy();
        Mask mask = defect.paint(scene, rng);
        return new Sample(clean, scene.image(), mask);
    }

    private static SplittableRandom stream(long seed, DemoClass cls, String split, String kind, int index) {
        long key = (cls.dirName() + "/" + split + "/" + kind + "/" + index).hashCode();
        // SplittableRandom mixes its seed, so a golden-ratio multiply is enough to separate nearby keys.
        return new SplittableRandom(seed ^ (key * 0x9E3779B97F4A7C15L));
    }

    private static String name(int i) {
        return String.format("%03d", i);
    }

    private static void requireEmpty(Path dir) {
        if (!Files.isDirectory(dir)) {
            if (Files.exists(dir)) {
                throw new IllegalStateException("demo class path exists and is not a folder: " + dir);
            }
            return;
        }
        try (Stream<Path> entries = Files.list(dir)) {
            if (entries.findAny().isPresent()) {
                throw new IllegalStateException("refusing to write the demo dataset into non-empty folder " + dir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }
}
