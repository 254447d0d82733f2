package org.jfsac.tools;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Which images an input names, in which order, and the relative paths their outputs mirror. */
class ImageInputsTest {
    @TempDir Path tmp;

    @Test
    void foldersAreSearchedRecursivelyInSortedOrderAndMirrorTheirRelativePaths() throws Exception {
        for (String f : List.of("b/2.png", "a/x/1.PNG", "a/0.jpg", "a/notes.txt", "c.bmp")) {
            Files.createDirectories(tmp.resolve(f).getParent());
            Files.writeString(tmp.resolve(f), "");
        }
        List<ImageInputs.Input> in = ImageInputs.collect(List.of(tmp), null);
        assertEquals(List.of("a/0.jpg", "a/x/1.PNG", "b/2.png", "c.bmp"), in.stream().map(i -> i.relative().toString()).toList());
        assertEquals(tmp.resolve("a/x/1.PNG"), in.get(1).file());
    }

    @Test
    void filesMirrorThePathAsGivenKeptInsideTheOutputFolder() {
        assertEquals(Path.of("good/000.png"), ImageInputs.mirrored(Path.of("good/./000.png")));
        assertEquals(Path.of("data/x/good/000.png"), ImageInputs.mirrored(Path.of("/data/x/good/000.png")));
        Path up = ImageInputs.mirrored(Path.of("../elsewhere/000.png"));
        assertEquals(false, up.isAbsolute() || up.startsWith(".."), up.toString());
        assertEquals(Path.of("elsewhere/000.png"), up.subpath(up.getNameCount() - 2, up.getNameCount()));
    }

    @Test
    void listFilesSkipCommentsAndBlankLinesAndKeepMissingPathsForTheirErrorLine() throws Exception {
        Path list = tmp.resolve("l.txt");
        Files.writeString(list, "# shift 3\n\n  " + tmp.resolve("gone.png") + "  \n");
        List<ImageInputs.Input> in = ImageInputs.collect(List.of(), list);
        assertEquals(1, in.size());
        assertEquals(tmp.resolve("gone.png"), in.get(0).file());
    }
}
