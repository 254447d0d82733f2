package org.jfsac.clip.image;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.jfsac.clip.FuzzContract;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Fuzz target (issue 11): any bytes through decoding and both Pillow preprocessing paths, as a file like the CLI reads. */
class ImageFuzzTest {
    @FuzzTest(maxDuration = "10s")
    void decode(byte[] data) throws IOException {
        Path f = Files.createTempFile("jfsac-fuzz", ".img");
        try {
            Files.write(f, data);
            FuzzContract.holds(() -> {
                ImagePreprocessor.preprocess(f, 24, ResizeMode.SQUASH);
                ImagePreprocessor.preprocess(f, 17, ResizeMode.SHORTEST_CENTER_CROP);
            }, IOException.class);
        } finally {
            Files.deleteIfExists(f);
        }
    }
}
