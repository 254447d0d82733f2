package org.jfsac.fsac.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KShotTest {

    @TempDir
    Path dir;

    private static List<Sample> train(int n) {
        List<Sample> train = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            train.add(new Sample(Path.of("cls", "train", "good", String.format("%03d.png", i)), 0, "good", null));
        }
        return train;
    }

    @Test
    void sameSeedSameShotsDifferentSeedDifferentShots() {
        List<Sample> train = train(200);
        assertEquals(KShot.select(train, 8, 42), KShot.select(train, 8, 42));
        // two seeds agreeing on 8 of 200 in order has probability ~1e-18
        assertNotEquals(KShot.select(train, 8, 42), KShot.select(train, 8, 43));
    }

    @Test
    void shotsAreDistinctForEveryK() {
        List<Sample> train = train(10);
        for (int k = 1; k <= 10; k++) {
            for (long seed = 0; seed < 20; seed++) {
                List<Sample> shots = KShot.select(train, k, seed);
                assertEquals(k, shots.size());
                assertEquals(k, new HashSet<>(shots).size(), "k=" + k + " seed=" + seed);
                assertTrue(train.containsAll(shots));
            }
        }
    }

    /** The class comment promises a specific algorithm so that shot lists can be reproduced elsewhere. */
    @Test
    void followsTheDocumentedDraw() {
        List<Sample> train = train(15);
        SplittableRandom random = new SplittableRandom(2024);
        int[] order = java.util.stream.IntStream.range(0, 15).toArray();
        List<Sample> expected = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            int j = i + random.nextInt(15 - i);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
            expected.add(train.get(order[i]));
        }
        assertEquals(expected, KShot.select(train, 4, 2024));
    }

    /** Every image should be equally likely: 20000 draws of 2 of 10 put each near 4000 (sd ~57). */
    @Test
    void everyImageIsEquallyLikely() {
        List<Sample> train = train(10);
        int[] counts = new int[10];
        for (long seed = 0; seed < 20_000; seed++) {
            for (Sample s : KShot.select(train, 2, seed)) {
                counts[train.indexOf(s)]++;
            }
        }
        for (int c : counts) {
            assertTrue(Math.abs(c - 4000) < 400, java.util.Arrays.toString(counts)); // 7 sd
        }
    }

    @Test
    void badKIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> KShot.select(train(3), 4, 0));
        assertThrows(IllegalArgumentException.class, () -> KShot.select(train(3), 0, 0));
        assertThrows(IllegalArgumentException.class, () -> KShot.select(List.of(), 1, 0));
    }

    @Test
    void writtenListReadsBackToTheSameShots() throws IOException {
        List<Sample> train = train(30);
        List<Sample> shots = KShot.select(train, 4, 7);
        Path file = dir.resolve("runs/k4/seed7/shots.txt");
        KShot.write(shots, file);
        List<String> lines = Files.readAllLines(file);
        assertEquals(shots.stream().map(s -> s.image().getFileName().toString()).toList(), lines);
        assertEquals(shots, KShot.read(file, train));
    }

    @Test
    void unknownOrRepeatedNamesAreErrorsNamingTheLine() throws IOException {
        Path file = dir.resolve("shots.txt");
        Files.writeString(file, "001.png\n\n999.png\n");
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> KShot.read(file, train(5)));
        assertEquals(file, e.path());
        assertTrue(e.getMessage().contains("line 3: '999.png'"), e.getMessage());
        Files.writeString(file, "001.png\n001.png\n");
        assertTrue(assertThrows(DatasetFormatException.class, () -> KShot.read(file, train(5))).getMessage()
                .contains("listed twice"));
    }
}
