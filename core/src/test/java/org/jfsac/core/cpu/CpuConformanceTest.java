package org.jfsac.core.cpu;

import org.jfsac.core.backend.Backend;
import org.jfsac.core.backend.conformance.ConformanceSuite;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.TestFactory;

import java.util.stream.Stream;

/** The backend conformance suite on the CPU backend (against the double-precision reference, like every backend). */
class CpuConformanceTest {
    static Backend backend() { return CpuBackend.get(); }

    @TestFactory
    Stream<DynamicContainer> conformance() {
        return ConformanceSuite.of(CpuConformanceTest.class, CpuConformanceTest::backend);
    }
}
