package org.jfsac.fsac.towers;

import org.jfsac.clip.checkpoint.CheckpointOpens;
import org.jfsac.clip.checkpoint.FileDigest;
import org.jfsac.core.backend.Devices;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Loading a model opens its checkpoint once: shapes (for config inference), the embedded config, the weights
 * and the SHA-256 that identifies them all come from one opened file. A PyTorch zip takes two handles, because
 * {@link java.util.zip.ZipFile} opens the file by name beside the channel the digest and the format check read.
 */
class CheckpointOpenedOnceTest {
    @TempDir Path tmp;

    @ParameterizedTest
    @CsvSource({"model.safetensors, 1", "model.pt, 2"})
    void loadingOpensTheCheckpointOnce(String name, int handles) throws IOException {
        Path file = Files.copy(Fixtures.root().resolve("tiny-gelu").resolve(name), tmp.resolve(name)); // a path no other test opens
        ClipModels.Loaded l = ClipModels.load(Devices.cpu(), file, null, null);
        assertEquals(handles, CheckpointOpens.count(file), "file handles taken on " + name);
        assertEquals(FileDigest.sha256(file), l.sha256(), "the digest computed while loading is the file's");
    }
}
