package org.jfsac.gpu.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The CUDA-only GEMM kernels (src/main/cuda/gemm_cuda.cu: tiled SGEMM in both tile sizes, the WMMA
 * float16 kernel, the float16 conversion) compiled for the host with a small CUDA stand-in
 * (src/test/emulation) and checked against a double reference: their indexing and arithmetic are
 * verified on every build machine with a C++20 compiler, GPU or not. Bounds are in gemm_emulation.cpp.
 */
class GemmKernelEmulationTest {

    @Test
    void kernelsMatchADoubleReferenceOnTheHost() throws Exception {
        Path src = Path.of("src/test/emulation/gemm_emulation.cpp");
        assumeTrue(Files.exists(src), "run from the cuda-kernels module folder");
        Path gxx = PtxFiles.tool("g++");
        if (gxx == null) System.err.println("[GemmKernelEmulationTest] skipped: no g++");
        assumeTrue(gxx != null, "no g++");
        Path exe = Files.createTempFile("gemm_emulation", "");
        try {
            run(300, gxx.toString(), "-std=c++20", "-O1", "-pthread", src.toString(), "-o", exe.toString());
            String out = run(300, exe.toString());
            assertTrue(out.strip().endsWith("all ok"), out);
        } finally {
            Files.deleteIfExists(exe);
        }
    }

    private static String run(int seconds, String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(seconds, TimeUnit.SECONDS), String.join(" ", cmd) + " timed out");
        assertEquals(0, p.exitValue(), String.join(" ", cmd) + " failed:\n" + out);
        return out;
    }
}
