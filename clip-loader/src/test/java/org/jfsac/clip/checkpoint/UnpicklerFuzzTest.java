package org.jfsac.clip.checkpoint;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.jfsac.clip.FuzzContract;
import org.jfsac.core.io.ElementType;

import java.io.ByteArrayInputStream;
import java.io.IOException;

/**
 * Fuzz target (issue 11): any bytes as a checkpoint's data.pkl. {@code mvn test} replays the committed
 * inputs in {@code src/test/resources/org/jfsac/clip/checkpoint/UnpicklerFuzzTestInputs/unpickle/};
 * {@code tools/fuzz.sh UnpicklerFuzzTest 10} fuzzes for ten minutes. One target per class: Jazzer
 * fuzzes one per JVM.
 */
class UnpicklerFuzzTest {
    @FuzzTest(maxDuration = "10s")
    void unpickle(byte[] data) {
        SafeUnpickler u = new SafeUnpickler("fuzz.pkl", pid -> new StorageRef(String.valueOf(pid[2]), ElementType.FLOAT32, 1));
        FuzzContract.holds(() -> TorchCheckpoint.unpickle(u, new ByteArrayInputStream(data), data.length, "fuzz.pkl"), IOException.class);
    }
}
