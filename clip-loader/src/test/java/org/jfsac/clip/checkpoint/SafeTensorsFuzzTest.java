package org.jfsac.clip.checkpoint;

import com.code_intelligence.jazzer.junit.FuzzTest;

import java.io.IOException;

/** Fuzz target (issue 11): any bytes as a safetensors file. */
class SafeTensorsFuzzTest {
    @FuzzTest(maxDuration = "10s")
    void safetensors(byte[] data) throws IOException {
        CheckpointFileFuzzing.read(data, ".safetensors");
    }
}
