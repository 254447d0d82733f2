package org.jfsac.clip;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertNotNull;

/** Paths into the repository's testdata folder, which surefire passes as -Djfsac.testdata. */
public final class Fixtures {
    private Fixtures() {}

    public static Path openclip(String relative) {
        String root = System.getProperty("jfsac.testdata");
        assertNotNull(root, "run through surefire, which sets -Djfsac.testdata");
        return Path.of(root, "openclip", relative);
    }
}
