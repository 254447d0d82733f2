package org.jfsac.fsac.data;

import static org.jfsac.fsac.data.Trees.files;
import static org.jfsac.fsac.data.Trees.folder;
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

/** The folder layout for users' own data: both root forms, optional masks, and one-line errors naming the folder. */
class FolderDatasetTest {

    @TempDir
    Path tmp;

    private final FolderDataset dataset = new FolderDataset();

    /** normal/, test/good, two defects; masks under both accepted names for one defect, none for the other. */
    private static void classTree(Path dir) {
        files(dir, "normal/b.png", "normal/a.JPG", "normal/notes.txt", "normal/.DS_Store",
                "test/good/g0.png", "test/dent/d1.png", "test/dent/d0.png", "test/smudge/s0.png",
                "ground_truth/dent/d0_mask.png", "ground_truth/dent/d1.png");
    }

    @Test
    void aClassFolderAsRootIsOneClassNamedAfterIt() throws IOException {
        Path root = tmp.resolve("washer");
        classTree(root);
        assertEquals(List.of("washer"), dataset.classes(root));
        assertEquals(List.of("washer"), dataset.classes(root.resolve("normal/..")), "the normalised folder name");

        ClassSplit split = dataset.load(root, "washer");
        assertEquals(List.of("normal/a.JPG", "normal/b.png"), split.train().stream().map(s -> rel(root, s.image())).toList());
        assertTrue(split.train().stream().allMatch(s -> !s.isAnomalous() && s.defectType().equals("good")));
        assertEquals(List.of("test/dent/d0.png", "test/dent/d1.png", "test/good/g0.png", "test/smudge/s0.png"),
                split.test().stream().map(s -> rel(root, s.image())).toList());
        assertEquals(List.of(1, 1, 0, 1), split.test().stream().map(Sample::label).toList());
        assertEquals(List.of("dent", "dent", "good", "smudge"), split.test().stream().map(Sample::defectType).toList());
        assertEquals("ground_truth/dent/d0_mask.png", rel(root, split.test().get(0).mask()));
        assertEquals("ground_truth/dent/d1.png", rel(root, split.test().get(1).mask()));
        assertNull(split.test().get(3).mask(), "masks are optional");
        assertEquals(1, split.warnings().size(), split.warnings().toString());
        assertTrue(split.warnings().get(0).contains(root.resolve("ground_truth/smudge").toString()));

        DatasetFormatException other = assertThrows(DatasetFormatException.class, () -> dataset.load(root, "bolt"));
        assertTrue(other.getMessage().contains("class 'washer'") && other.getMessage().contains("not of class 'bolt'"),
                other.getMessage());
    }

    @Test
    void aFolderOfClassFolders() throws IOException {
        classTree(tmp.resolve("washer"));
        classTree(tmp.resolve("bolt"));
        folder(tmp, "unrelated/stuff");
        files(tmp, "readme.txt");
        assertEquals(List.of("bolt", "washer"), dataset.classes(tmp));
        ClassSplit bolt = dataset.load(tmp, "bolt");
        assertEquals(tmp.resolve("bolt/normal/a.JPG"), bolt.train().get(0).image());
        assertEquals(4, bolt.test().size());
    }

    @Test
    void badTreesAreOneLineErrorsNamingTheFolder() throws IOException {
        DatasetFormatException none = assertThrows(DatasetFormatException.class, () -> dataset.classes(tmp));
        assertEquals(tmp, none.path());
        assertTrue(none.getMessage().contains("no normal/ folder"), none.getMessage());

        // A class folder with test/ but no normal/ is listed, so that loading it says what is missing.
        files(tmp, "bolt/test/good/0.png", "bolt/test/dent/0.png");
        assertEquals(List.of("bolt"), dataset.classes(tmp));
        NoSuchFileException noNormal = assertThrows(NoSuchFileException.class, () -> dataset.load(tmp, "bolt"));
        assertEquals(tmp.resolve("bolt/normal").toString(), noNormal.getFile());
        assertTrue(noNormal.getMessage().contains("normal/") && noNormal.getMessage().contains("holds [test]"),
                noNormal.getMessage());

        folder(tmp, "bolt/normal");
        DatasetFormatException emptyNormal = assertThrows(DatasetFormatException.class, () -> dataset.load(tmp, "bolt"));
        assertEquals(tmp.resolve("bolt/normal"), emptyNormal.path());

        files(tmp, "nut/normal/0.png");
        NoSuchFileException noTest = assertThrows(NoSuchFileException.class, () -> dataset.load(tmp, "nut"));
        assertEquals(tmp.resolve("nut/test").toString(), noTest.getFile());

        files(tmp, "nut/test/0.png", "nut/test/1.png");
        DatasetFormatException loose = assertThrows(DatasetFormatException.class, () -> dataset.load(tmp, "nut"));
        assertEquals(tmp.resolve("nut/test"), loose.path());
        assertTrue(loose.getMessage().contains("2 images directly in test/"), loose.getMessage());

        files(tmp, "nut/test/good/0.png");
        DatasetFormatException onlyNormal = assertThrows(DatasetFormatException.class, () -> dataset.load(tmp, "nut"));
        assertTrue(onlyNormal.getMessage().contains("1 normal and 0 anomalous")
                && onlyNormal.getMessage().contains("add a test/<defect> folder"), onlyNormal.getMessage());

        files(tmp, "screw/normal/0.png", "screw/test/dent/0.png");
        DatasetFormatException onlyAnomalous = assertThrows(DatasetFormatException.class, () -> dataset.load(tmp, "screw"));
        assertTrue(onlyAnomalous.getMessage().contains("0 normal and 1 anomalous")
                && onlyAnomalous.getMessage().contains("add test/good"), onlyAnomalous.getMessage());
        for (Exception e : List.of(none, noNormal, emptyNormal, noTest, loose, onlyNormal, onlyAnomalous)) {
            assertTrue(!e.getMessage().contains("\n"), "one line: " + e.getMessage());
        }

        assertThrows(IllegalArgumentException.class, () -> dataset.load(tmp, "../bolt"));
    }
}
