package org.jfsac.gpu.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The PTX as generated output. Everywhere: the committed copy in generated/ptx holds exactly the modules the
 * backend loads. Where the CUDA toolkit is (nvcc on the PATH: the build machines and CI, not the GPU test
 * machine's carried runtime): the packaged PTX assembles for sm_86 and sm_90, and the committed copy is what
 * build-ptx.sh makes from the current sources.
 */
class PtxBuildTest {

    @Test
    void packagedPtxAssemblesForAmpereAndHopper() throws Exception {
        Path ptxas = PtxFiles.tool("ptxas");
        skipUnless(ptxas != null, "ptxas is not installed");
        Path dir = Files.createTempDirectory("jfsac-ptx");
        try {
            for (String module : CudaKernels.MODULES) {
                Path file = dir.resolve(module + ".ptx");
                Files.writeString(file, PtxFiles.packaged(module), StandardCharsets.UTF_8);
                for (String sm : List.of("sm_86", "sm_90")) {
                    Process p = new ProcessBuilder(ptxas.toString(), "-arch=" + sm, file.toString(), "-o", "/dev/null")
                            .redirectErrorStream(true).start();
                    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "ptxas timed out on " + module);
                    assertEquals(0, p.exitValue(), "ptxas -arch=" + sm + " rejects " + module + ".ptx: " + out);
                }
            }
        } finally {
            try (Stream<Path> s = Files.list(dir)) {
                for (Path f : s.collect(Collectors.toList())) Files.delete(f);
            }
            Files.delete(dir);
        }
    }

    @Test
    void committedPtxIsExactlyWhatTheBackendLoads() throws IOException {
        Path committed = PtxFiles.dir("jfsac.ptx.committed");
        skipUnless(committed != null, "not run by the Maven build");
        TreeSet<String> expected = new TreeSet<>();
        for (String module : CudaKernels.MODULES) expected.add(module + ".ptx");
        assertEquals(expected, names(committed), "generated/ptx must hold the modules CudaKernels.MODULES loads, no more");
    }

    @Test
    void committedPtxMatchesTheSources() throws IOException {
        Path generated = PtxFiles.dir("jfsac.ptx.packaged");
        Path committed = PtxFiles.dir("jfsac.ptx.committed");
        skipUnless(generated != null && committed != null, "not run by the Maven build");
        skipUnless(PtxFiles.tool("nvcc") != null, "nvcc is absent, so the build packages the committed PTX itself");
        TreeSet<String> gen = names(generated), com = names(committed);
        assertEquals(gen, com, "PTX files in generated/ptx differ from the sources: run cuda-kernels/build-ptx.sh --update");
        for (String name : gen) {
            assertEquals(PtxFiles.withoutComments(generated.resolve(name)), PtxFiles.withoutComments(committed.resolve(name)),
                    "generated/ptx/" + name + " is stale: run cuda-kernels/build-ptx.sh --update and commit it");
        }
    }

    private static TreeSet<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".ptx"))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
    }

    private static void skipUnless(boolean condition, String why) {
        if (!condition) System.err.println("[PtxBuildTest] skipped: " + why);
        assumeTrue(condition, why);
    }
}
