package org.jfsac.fsac.demo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.jfsac.fsac.synth.BackgroundEstimate;
import org.jfsac.fsac.synth.Mask;
import org.jfsac.clip.image.RgbImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoDatasetTest {
    @TempDir
    Path tmp;

    private static List<String> listNames(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static List<Path> allFiles(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).map(root::relativize).sorted().toList();
        }
    }

    @Test
    void writesTheMvtecLayout() throws IOException {
        DemoDataset.Written w = DemoDataset.generate(tmp, 1L);
        assertEquals(3 * (10 + 8 + 8), w.images());
        assertEquals(3 * 8, w.masks());
        for (DemoClass cls : DemoClass.values()) {
            Path dir = tmp.resolve(cls.dirName());
            assertEquals(List.of("ground_truth", "test", "train"), listNames(dir));
            assertEquals(List.of("good"), listNames(dir.resolve("train")));
            assertEquals(10, listNames(dir.resolve("train/good")).size());
            assertEquals(8, listNames(dir.resolve("test/good")).size());
            Set<String> defectDirs = new HashSet<>(listNames(dir.resolve("test")));
            assertEquals(3, defectDirs.size());
            for (Defect d : cls.defects()) {
                assertTrue(defectDirs.contains(d.dirName()));
                List<String> images = listNames(dir.resolve("test/" + d.dirName()));
                List<String> masks = listNames(dir.resolve("ground_truth/" + d.dirName()));
                assertEquals(List.of("000.png", "001.png", "002.png", "003.png"), images);
                assertEquals(images.stream().map(n -> n.replace(".png", "_mask.png")).toList(), masks);
            }
            RgbImage first = RgbImage.read(dir.resolve("train/good/000.png"));
            assertEquals(64, first.width());
            assertEquals(64, first.height());
        }
    }

    @Test
    void sameSeedSameFilesBitForBit() throws IOException {
        DemoDataset.Config small = new DemoDataset.Config(48, 3, 2, 2, List.of(DemoClass.values()));
        DemoDataset.generate(tmp.resolve("a"), 5L, small);
        DemoDataset.generate(tmp.resolve("b"), 5L, small);
        DemoDataset.generate(tmp.resolve("c"), 6L, small);
        List<Path> files = allFiles(tmp.resolve("a"));
        assertEquals(files, allFiles(tmp.resolve("b")));
        int differing = 0;
        for (Path f : files) {
            assertArrayEquals(Files.readAllBytes(tmp.resolve("a").resolve(f)), Files.readAllBytes(tmp.resolve("b").resolve(f)),
                    f.toString());
            differing += RgbImage.read(tmp.resolve("a").resolve(f)).equals(RgbImage.read(tmp.resolve("c").resolve(f))) ? 0 : 1;
        }
        assertEquals(files.size(), differing, "another seed changes every image and mask");
    }

    @Test
    void masksAreExactlyTheAlteredPixelsAndTheChangeIsVisible() {
        for (long seed = 0; seed < 5; seed++) {
            for (DemoClass cls : DemoClass.values()) {
                for (Defect d : cls.defects()) {
                    for (int i = 0; i < 4; i++) {
                        DemoDataset.Sample s = DemoDataset.defective(cls, d, 64, seed, i);
                        String what = cls.dirName() + "/" + d.dirName() + "/" + i + " seed " + seed;
                        int altered = 0;
                        for (int y = 0; y < 64; y++) {
                            for (int x = 0; x < 64; x++) {
                                int change = 0;
                                for (int c = 0; c < 3; c++) {
                                    change = Math.max(change, Math.abs(s.image().get(c, x, y) - s.clean().get(c, x, y)));
                                }
                                assertEquals(change > 0, s.mask().get(x, y), what + " at " + x + "," + y);
                                if (change > 0) {
                                    altered++;
                                    assertTrue(change >= Defect.MIN_CHANGE, what + ": change " + change);
                                    if (cls.isObject()) {
                                        assertTrue(s.clean().gray(x, y) > 30, what + ": defect off the object");
                                    }
                                }
                            }
                        }
                        // A 64 px scratch spans ≥ 0.4·(0.45·64) ≈ 11.5 px each way at ≥ 1.2 px width.
                        assertTrue(altered >= 15, what + ": only " + altered + " pixels");
                        assertTrue(altered < 64 * 64 / 8, what + ": " + altered + " pixels is not a local defect");
                        assertEquals(s.clean(), DemoDataset.defective(cls, d, 64, seed, i).clean());
                    }
                }
            }
        }
    }

    @Test
    void writtenFilesAreTheSamples() throws java.io.IOException {
        DemoDataset.Config cfg = new DemoDataset.Config(64, 2, 2, 3, List.of(DemoClass.DISC));
        DemoDataset.generate(tmp, 9L, cfg);
        DemoDataset.Sample s = DemoDataset.defective(DemoClass.DISC, Defect.HOLE, 64, 9L, 2);
        assertEquals(s.image(), RgbImage.read(tmp.resolve("disc/test/hole/002.png")));
        assertEquals(s.mask(), Mask.read(tmp.resolve("disc/ground_truth/hole/002_mask.png")));
        assertEquals(DemoDataset.normal(DemoClass.DISC, 64, 9L, "train", 1),
                RgbImage.read(tmp.resolve("disc/train/good/001.png")));
    }

    @Test
    void normalImagesVaryButDiscStaysAnObjectOnBackground() {
        Set<RgbImage> seen = new HashSet<>();
        for (DemoClass cls : DemoClass.values()) {
            for (int i = 0; i < 10; i++) {
                assertTrue(seen.add(DemoDataset.normal(cls, 64, 3L, "train", i)), cls + " image " + i + " repeated");
            }
        }
        RgbImage disc = DemoDataset.normal(DemoClass.DISC, 64, 3L, "train", 0);
        Mask bg = BackgroundEstimate.of(disc);
        assertTrue(bg.get(2, 2), "corner is background");
        assertFalse(bg.get(32, 32), "centre is object (foreground-only synthesis has room)");
        assertFalse(BackgroundEstimate.of(DemoDataset.normal(DemoClass.GRID, 64, 3L, "train", 0)).get(32, 32));
    }

    @Test
    void badRequestsAreRejectedClearly() throws IOException {
        assertThrows(IllegalArgumentException.class, () -> new DemoDataset.Config(16, 1, 1, 1, List.of(DemoClass.GRID)));
        assertThrows(IllegalArgumentException.class, () -> new DemoDataset.Config(64, 0, 1, 1, List.of(DemoClass.GRID)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DemoDataset.defective(DemoClass.GRID, Defect.HOLE, 64, 1L, 0));
        assertTrue(e.getMessage().contains("grid"), e.getMessage());
        Files.createDirectories(tmp.resolve("grid"));
        Files.writeString(tmp.resolve("grid/old.txt"), "x");
        IllegalStateException e2 = assertThrows(IllegalStateException.class, () -> DemoDataset.generate(tmp, 1L));
        assertTrue(e2.getMessage().contains("grid"), e2.getMessage());
        assertNotEquals(0, Files.size(tmp.resolve("grid/old.txt")));
    }
}
