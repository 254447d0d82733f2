package org.jfsac.clip.config;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.jfsac.clip.FuzzContract;

import java.nio.charset.StandardCharsets;

/** Fuzz target (issue 11): any text as an OpenCLIP model config JSON. */
class ClipConfigFuzzTest {
    @FuzzTest(maxDuration = "10s")
    void parse(byte[] data) {
        String json = new String(data, StandardCharsets.UTF_8);
        FuzzContract.holds(() -> ClipConfig.parse(json, "fuzz.json"), IllegalArgumentException.class);
    }
}
