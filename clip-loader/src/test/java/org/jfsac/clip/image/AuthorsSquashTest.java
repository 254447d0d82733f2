package org.jfsac.clip.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SQUASH is the CLIP-FSAC++ authors' preprocessing: {@code Image.open(p).convert("RGB")} first, then the resize
 * to S×S (make_pillow_reference.py runs exactly that with Pillow 9.4). On a palette and an RGBA PNG the order
 * matters (Pillow resizes palette images NEAREST and RGBA premultiplied), so the reference for the authors'
 * order must differ from OpenCLIP's resize-then-convert, and ours must equal it exactly.
 */
class AuthorsSquashTest {
    @ParameterizedTest
    @ValueSource(strings = {"palette8_45x29.png", "rgba8_27x40.png"})
    void convertsToRgbBeforeResizingAsTheAuthorsDo(String image) throws Exception {
        byte[] authors = read(image + "__squash_32.rgb");
        byte[] openclip = read(image + "__openclip_squash_32.rgb");
        assertFalse(Arrays.equals(authors, openclip), "the two orders give different pixels for " + image);
        Path file = Path.of(AuthorsSquashTest.class.getResource(image).toURI());
        assertArrayEquals(authors, ImagePreprocessor.preprocess(file, 32, ResizeMode.SQUASH).rgb(), image);
        assertArrayEquals(openclip, ImagePreprocessor.preprocess(file, 32, ResizeMode.OPENCLIP_SQUASH).rgb(), image);
    }

    private static byte[] read(String name) throws IOException {
        try (InputStream in = AuthorsSquashTest.class.getResourceAsStream(name)) {
            if (in == null) throw new IOException("test resource " + name + " is missing");
            return in.readAllBytes();
        }
    }
}
