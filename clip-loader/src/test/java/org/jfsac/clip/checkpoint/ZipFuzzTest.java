package org.jfsac.clip.checkpoint;

import com.code_intelligence.jazzer.junit.FuzzTest;

import java.io.IOException;

/** Fuzz target (issue 11): any bytes as a PyTorch zip checkpoint file (archive, pickle, storages, CRCs). */
class ZipFuzzTest {
    @FuzzTest(maxDuration = "10s")
    void zip(byte[] data) throws IOException {
        CheckpointFileFuzzing.read(data, ".pt");
    }
}
