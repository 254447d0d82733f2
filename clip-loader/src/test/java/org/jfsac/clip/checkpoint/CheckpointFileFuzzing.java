package org.jfsac.clip.checkpoint;

import org.jfsac.clip.FuzzContract;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes a fuzz input to a temporary file with the given suffix and reads it as a checkpoint, asserting the contract. */
final class CheckpointFileFuzzing {
    private CheckpointFileFuzzing() {}

    static void read(byte[] data, String suffix) throws IOException {
        Path f = Files.createTempFile("jfsac-fuzz", suffix);
        try {
            Files.write(f, data);
            FuzzContract.holds(() -> CheckpointReader.read(f), IOException.class);
        } finally {
            Files.deleteIfExists(f);
        }
    }
}
