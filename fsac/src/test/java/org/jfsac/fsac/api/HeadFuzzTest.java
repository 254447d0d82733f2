package org.jfsac.fsac.api;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.jfsac.core.backend.Devices;
import org.jfsac.fsac.towers.ClipBackbone;
import org.jfsac.fsac.demo.DemoModel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Fuzz target (issue 11): any bytes as a saved head (safetensors with the jfsac.head metadata),
 * loaded onto the demo backbone. Contract: loads, or throws IOException / IllegalArgumentException
 * (a head for other weights) with a bounded message; nothing else.
 */
class HeadFuzzTest {
    private static final ClipBackbone CLIP = DemoModel.backbone(Devices.cpu(), 64, 0);

    @FuzzTest(maxDuration = "10s")
    void load(byte[] data) throws IOException {
        Path f = Files.createTempFile("jfsac-fuzz", ".head.safetensors");
        try {
            Files.write(f, data);
            try {
                FsacClassifier.load(CLIP, f);
            } catch (IOException | IllegalArgumentException e) {
                if (e.getMessage() == null || e.getMessage().length() > 4096) throw new AssertionError("unbounded or empty message", e);
            }
        } finally {
            Files.deleteIfExists(f);
        }
    }
}
