package org.jfsac.fsac.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShotChoiceTest {
    @TempDir
    Path dir;

    private static List<Sample> train(int n) {
        List<Sample> train = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            train.add(new Sample(Path.of("cls", "train", "good", String.format("%03d.png", i)), 0, "good", null));
        }
        return train;
    }

    private static List<String> names(List<Sample> s) {
        return s.stream().map(x -> x.image().getFileName().toString()).toList();
    }

    @Test
    void drawnPerSeedUnlessFixed() throws IOException {
        List<Sample> train = train(100);
        assertEquals(KShot.select(train, 4, 7), ShotChoice.choose(train, "cls", 4, 7, null, false, false));
        assertNotEquals(ShotChoice.choose(train, "cls", 4, 1, null, false, false), ShotChoice.choose(train, "cls", 4, 2, null, false, false));
        List<Sample> fixed = ShotChoice.choose(train, "cls", 4, 0, null, true, false);
        for (int seed = 1; seed < 5; seed++) assertEquals(fixed, ShotChoice.choose(train, "cls", 4, seed, null, true, false), "seed " + seed);
    }

    @Test
    void sortedOrderSortsByFileName() throws IOException {
        List<String> sorted = names(ShotChoice.choose(train(100), "cls", 8, 3, null, false, true));
        assertEquals(sorted.stream().sorted().toList(), sorted);
        assertNotEquals(sorted, names(ShotChoice.choose(train(100), "cls", 8, 3, null, false, false)), "drawn order is not sorted");
    }

    /** The authors' layout: a pre-built few-shot dataset whose cls/train/good/ holds exactly the k shots. */
    @Test
    void readsTheAuthorsFewShotFolder() throws IOException {
        Path good = Files.createDirectories(dir.resolve("cls/train/good"));
        for (String n : List.of("b.png", "a.png")) Files.write(good.resolve(n), new byte[]{1});
        Files.write(good.resolve("notes.txt"), new byte[]{1});
        List<Sample> shots = ShotChoice.choose(train(10), "cls", 2, 5, dir, false, true);
        assertEquals(List.of("a.png", "b.png"), names(shots));
        assertEquals(good.resolve("a.png"), shots.get(0).image());
        assertEquals(shots, ShotChoice.choose(train(10), "cls", 2, 6, dir, false, true), "the same for every seed");
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> ShotChoice.choose(train(10), "cls", 1, 0, dir, false, true));
        assertTrue(e.getMessage().contains(good.toString()) && e.getMessage().contains("holds 2 shots, but k = 1"), e.getMessage());
    }

    @Test
    void readsAListOfFileNamesPerK() throws IOException {
        Files.createDirectories(dir.resolve("cls"));
        Files.writeString(dir.resolve("cls/k2.txt"), "007.png\n003.png\n");
        assertEquals(List.of("003.png", "007.png"), names(ShotChoice.choose(train(10), "cls", 2, 9, dir, false, true)));
        assertEquals(List.of("007.png", "003.png"), names(ShotChoice.choose(train(10), "cls", 2, 9, dir, false, false)));
        NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> ShotChoice.choose(train(10), "other", 2, 0, dir, false, false));
        assertTrue(e.getMessage().contains("no shots for class 'other'"), e.getMessage());
    }
}
