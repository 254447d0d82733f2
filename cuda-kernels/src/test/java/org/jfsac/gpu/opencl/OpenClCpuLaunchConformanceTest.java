package org.jfsac.gpu.opencl;

import org.jfsac.core.backend.Backend;
import org.jfsac.core.backend.conformance.ConformanceSuite;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.TestFactory;

import java.util.stream.Stream;

/** The backend conformance suite on OpenCL device 0 with CPU-style launches and kernel forms (what PoCL runs by default), GEMM by CLBlast where it loads. */
class OpenClCpuLaunchConformanceTest {
    static Backend backend() { return OpenClTestSupport.backend(OpenClOptions.DEFAULT.withLaunch(OpenClOptions.LaunchStyle.CPU)); }

    @TestFactory
    Stream<DynamicContainer> conformance() {
        return ConformanceSuite.of(OpenClCpuLaunchConformanceTest.class, OpenClCpuLaunchConformanceTest::backend);
    }
}
