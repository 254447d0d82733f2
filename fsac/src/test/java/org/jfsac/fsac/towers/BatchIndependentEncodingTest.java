package org.jfsac.fsac.towers;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import org.jfsac.core.backend.Devices;
import org.jfsac.core.io.HostTensor;
import org.jfsac.core.tensor.GradMode;
import org.jfsac.core.tensor.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An image's embedding does not depend on the batch it is encoded in: the fixture images encoded together give the
 * same bits as each encoded alone, for both tiny OpenCLIP fixture models, under the default GEMM provider (the
 * system OpenBLAS, whose rows change with the call's row count; batch independence comes from one GEMM per image,
 * core's MatMulOps) and under jfsac's fixed-order GEMM ({@code -Djfsac.blas=vector}). Runs in a child JVM per
 * provider because the GEMM is chosen once per JVM.
 */
class BatchIndependentEncodingTest {
    /** Child JVM: for each model, encode the fixture pixels as one batch and one by one; print the first difference. */
    public static final class Probe {
        public static void main(String[] args) throws Exception {
            for (String model : List.of("tiny-gelu", "tiny-quickgelu")) {
                JsonObject m = Fixtures.model(model);
                ClipModel clip = Fixtures.load(Devices.cpu(), model, m.getAsJsonObject("checkpoints").get("plain_state_dict").getAsString());
                for (JsonElement c : m.getAsJsonArray("cases")) {
                    HostTensor px = Fixtures.npy(c.getAsJsonObject().get("pixels").getAsString());
                    int n = px.shape()[0], per = px.data().length / n;
                    try (GradMode g = GradMode.noGrad()) {
                        float[] all = clip.encodeImage(Tensor.of(Devices.cpu(), px.data(), px.shape())).toArray();
                        int dim = all.length / n;
                        for (int i = 0; i < n; i++) {
                            int[] one = px.shape().clone();
                            one[0] = 1;
                            float[] alone = clip.encodeImage(Tensor.of(Devices.cpu(), Arrays.copyOfRange(px.data(), i * per, (i + 1) * per), one)).toArray();
                            for (int j = 0; j < dim; j++)
                                if (Float.floatToRawIntBits(alone[j]) != Float.floatToRawIntBits(all[i * dim + j])) {
                                    System.out.println("DIFFERENT " + model + " image " + i + " of " + n + " element " + j + ": " + alone[j] + " alone, " + all[i * dim + j] + " in the batch");
                                    return;
                                }
                        }
                    }
                }
            }
            System.out.println("IDENTICAL (" + org.jfsac.core.cpu.CpuGemm.provider() + ")");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"auto", "vector"})
    void imagesEncodedTogetherEqualImagesEncodedAloneBitForBit(String blas) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "--add-modules=jdk.incubator.vector", "-cp", System.getProperty("java.class.path"),
                "-Djfsac.blas=" + blas, "-Djfsac.testdata=" + System.getProperty("jfsac.testdata", "../testdata"), Probe.class.getName())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        assertTrue(out.strip().lines().reduce((a, b) -> b).orElse("").startsWith("IDENTICAL"), out);
    }
}
