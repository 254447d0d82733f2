package org.jfsac.fsac.data;

import static org.jfsac.fsac.data.Trees.files;
import static org.jfsac.fsac.data.Trees.rel;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MvtecDatasetTest {

    @TempDir
    Path root;

    /** A class with an odd name, mixed extensions, clutter, a defect with a missing mask. */
    private void completeClass(String cls) {
        files(root, cls + "/train/good/002.png", cls + "/train/good/000.png", cls + "/train/good/001.JPG",
                cls + "/train/good/notes.txt", cls + "/train/good/.DS_Store", cls + "/train/good/._000.png",
                cls + "/test/good/000.png", cls + "/test/good/001.jpeg",
                cls + "/test/crack/001.png", cls + "/test/crack/000.png",
                cls + "/test/scratch/000.bmp", cls + "/test/scratch/001.png",
                cls + "/ground_truth/crack/000_mask.png", cls + "/ground_truth/crack/001_mask.png",
                cls + "/ground_truth/scratch/000_mask.png");
    }

    @Test
    void loadsTrainAndTestInSortedOrderWithMasksAndWarnings() throws IOException {
        String cls = "Metal Nut-2";
        completeClass(cls);
        ClassSplit split = MvtecDataset.load(root, cls);

        assertEquals(cls, split.className());
        assertEquals(List.of(cls + "/train/good/000.png", cls + "/train/good/001.JPG", cls + "/train/good/002.png"),
                split.train().stream().map(s -> rel(root, s.image())).toList());
        assertTrue(split.train().stream().allMatch(s -> s.label() == 0 && s.mask() == null
                && s.defectType().equals("good")));

        List<Sample> test = split.test();
        assertEquals(List.of("crack/000.png", "crack/001.png", "good/000.png", "good/001.jpeg", "scratch/000.bmp",
                "scratch/001.png"), test.stream().map(s -> rel(root.resolve(cls + "/test"), s.image())).toList());
        assertEquals(List.of(1, 1, 0, 0, 1, 1), test.stream().map(Sample::label).toList());
        assertEquals(List.of("crack", "crack", "good", "good", "scratch", "scratch"),
                test.stream().map(Sample::defectType).toList());
        assertEquals(cls + "/ground_truth/crack/001_mask.png", rel(root, test.get(1).mask()));
        assertEquals(cls + "/ground_truth/scratch/000_mask.png", rel(root, test.get(4).mask()));
        assertNull(test.get(2).mask());
        assertNull(test.get(5).mask(), "scratch/001 has no mask");

        assertEquals(1, split.warnings().size(), split.warnings().toString());
        assertTrue(split.warnings().get(0).contains(root.resolve(cls + "/test/scratch/001.png").toString()));
    }

    @Test
    void listsClassFoldersOnly() throws IOException {
        completeClass("bottle");
        completeClass("zipper");
        completeClass("a_new_part");
        files(root, "license.txt", "split_csv/1cls.csv", ".hidden/train/good/000.png");
        assertEquals(List.of("a_new_part", "bottle", "zipper"), MvtecDataset.classes(root));
    }

    @Test
    void acceptsMasksNamedLikeTheirImage() throws IOException {
        // VisA reorganised into this layout names masks <stem>.png
        files(root, "pcb1/train/good/000.JPG", "pcb1/test/good/010.JPG", "pcb1/test/bad/000.JPG",
                "pcb1/ground_truth/bad/000.png");
        ClassSplit split = MvtecDataset.load(root, "pcb1");
        assertEquals("pcb1/ground_truth/bad/000.png", rel(root, split.test().get(0).mask()));
        assertEquals(List.of(), split.warnings());
    }

    @Test
    void missingMaskFolderIsOneWarning() throws IOException {
        files(root, "c/train/good/0.png", "c/test/good/0.png", "c/test/hole/0.png", "c/test/hole/1.png");
        ClassSplit split = MvtecDataset.load(root, "c");
        assertEquals(1, split.warnings().size());
        assertTrue(split.warnings().get(0).contains(root.resolve("c/ground_truth/hole").toString()));
        assertTrue(split.warnings().get(0).contains("2 anomalous images"));
    }

    @Test
    void testSplitWithOneClassOnlyIsWarned() throws IOException {
        files(root, "c/train/good/0.png", "c/test/good/0.png");
        ClassSplit split = MvtecDataset.load(root, "c");
        assertTrue(split.warnings().get(0).contains("1 normal and 0 anomalous"), split.warnings().toString());
    }

    private NoSuchFileException missing(String cls) {
        return assertThrows(NoSuchFileException.class, () -> MvtecDataset.load(root, cls));
    }

    @Test
    void missingFoldersAreErrorsNamingThePath() {
        files(root, "bottle/train/good/0.png", "bottle/test/good/0.png");
        assertTrue(missing("cable").getMessage().contains(root.resolve("cable").toString()));
        assertTrue(missing("cable").getMessage().contains("[bottle]"), "lists what is there instead");

        files(root, "nogood/train/Good/0.png", "nogood/test/good/0.png");
        NoSuchFileException e = missing("nogood");
        assertTrue(e.getMessage().contains(root.resolve("nogood/train/good").toString()), e.getMessage());
        assertTrue(e.getMessage().contains("[Good]"), e.getMessage());

        files(root, "notest/train/good/0.png", "notest/tests/good/0.png");
        e = missing("notest");
        assertTrue(e.getMessage().contains(root.resolve("notest/test").toString()), e.getMessage());
        assertTrue(e.getMessage().contains("tests"), e.getMessage());
    }

    @Test
    void trainWithoutImagesIsAnError() {
        files(root, "c/train/good/readme.txt", "c/test/good/0.png");
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> MvtecDataset.load(root, "c"));
        assertEquals(root.resolve("c/train/good"), e.path());
        assertTrue(e.getMessage().contains("no images"));
    }

    @Test
    void rootWithoutClassesAndBadNamesAreErrors() {
        files(root, "readme.txt");
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> MvtecDataset.classes(root));
        assertTrue(e.getMessage().contains(root.toString()));
        assertThrows(NoSuchFileException.class, () -> MvtecDataset.classes(root.resolve("absent")));
        assertThrows(IllegalArgumentException.class, () -> MvtecDataset.load(root, "../etc"));
        assertThrows(IllegalArgumentException.class, () -> MvtecDataset.load(root, ""));
    }
}
