package org.jfsac.clip;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertNotNull;

/** Paths into the read-only shared fixtures folder that surefire passes as -Djfsac.shared. */
public final class Fixtures {
    private Fixtures() {}

    public static Path openclip(String relative) {
        String root = System.getProperty("jfsac.shared");
        assertNotNull(root, "run through surefire, which sets -Djfsac.shared");
        return Path.of(root, "fixtures", "openclip", relative);
    }
}
