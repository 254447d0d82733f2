package org.jfsac.fsac.towers;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Guards the build: the "without-vector-api" surefire execution (which sets {@code jfsac.test.vectorModule=absent})
 * must really run its CLIP tests in a JVM without {@code jdk.incubator.vector}, and the default one with it.
 */
class VectorModuleGuardTest {
    @Test
    void theJvmHasTheVectorModuleExactlyWhenTheBuildSaysSo() {
        boolean expected = !"absent".equals(System.getProperty("jfsac.test.vectorModule"));
        assertEquals(expected, ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent());
    }
}
