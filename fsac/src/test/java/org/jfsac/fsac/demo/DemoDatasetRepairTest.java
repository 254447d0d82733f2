package org.jfsac.fsac.demo;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/** Issue 11, defect 7: a demo dataset left incomplete (a 0-byte mask after a full disk) is repaired by the next run. */
class DemoDatasetRepairTest {
    @TempDir Path root;

    private List<Path> pngs() throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> p.toString().endsWith(".png")).sorted().toList();
        }
    }

    @Test
    void incompleteDatasetIsRegeneratedCompleteOneIsKept() throws IOException {
        DemoDataset.Written first = DemoDataset.ensure(root, 3);
        assertNotNull(first);
        List<Path> all = pngs();
        assertEquals(first.images() + first.masks(), all.size());
        assertNull(DemoDataset.ensure(root, 3), "complete: nothing redone");

        // what a full disk left before atomic writes: an empty mask, and no completion marker
        Path mask = all.stream().filter(p -> p.toString().endsWith("_mask.png")).findFirst().orElseThrow();
        byte[] good = Files.readAllBytes(mask);
        Files.write(mask, new byte[0]);
        Files.delete(root.resolve(DemoDataset.COMPLETE_MARKER));

        assertNotNull(DemoDataset.ensure(root, 3), "incomplete: regenerated");
        assertArrayEquals(good, Files.readAllBytes(mask));
        for (Path p : pngs()) assertNotNull(ImageIO.read(p.toFile()), "every image decodes: " + p);
        try (Stream<Path> s = Files.walk(root)) {
            assertFalse(s.anyMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temporary files left");
        }
    }
}
