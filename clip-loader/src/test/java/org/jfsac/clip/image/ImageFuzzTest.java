package org.jfsac.clip.image;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.jfsac.clip.FuzzContract;
import org.jfsac.core.limits.Limit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Fuzz target (issue 11): any bytes through decoding and both Pillow preprocessing paths, as a file like the CLI reads.
 * Images are capped at {@value #PIXELS} pixels here: a few hundred bytes of JPEG can declare 7×65280 pixels,
 * whose resize (0.3 s of CPU uninstrumented) outlasts the 10 s per-input timeout under Jazzer's instrumentation on
 * a loaded machine; larger images are the pixel limit's job, tested in {@link HostileImageTest}.
 */
class ImageFuzzTest {
    static final int PIXELS = 1 << 16;

    @FuzzTest(maxDuration = "10s")
    void decode(byte[] data) throws IOException {
        Path f = Files.createTempFile("jfsac-fuzz", ".img");
        String property = Limit.IMAGE_PIXELS.property(), was = System.getProperty(property);
        System.setProperty(property, Integer.toString(PIXELS));
        try {
            Files.write(f, data);
            FuzzContract.holds(() -> {
                ImagePreprocessor.preprocess(f, 24, ResizeMode.SQUASH);
                ImagePreprocessor.preprocess(f, 17, ResizeMode.SHORTEST_CENTER_CROP);
            }, IOException.class);
        } finally {
            if (was == null) System.clearProperty(property);
            else System.setProperty(property, was);
            Files.deleteIfExists(f);
        }
    }
}
