package org.jfsac.gpu.opencl;

import org.jfsac.core.backend.Backend;
import org.jfsac.core.backend.conformance.ConformanceSuite;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.TestFactory;

import java.util.stream.Stream;

/** The backend conformance suite on OpenCL device 0 with GPU-style launches and kernel forms (what real GPUs, and the CUDA path from the same sources, run), forced on whatever device is there (PoCL in CI), GEMM by our gemm_tiled kernel. */
class OpenClGpuLaunchConformanceTest {
    static Backend backend() { return OpenClTestSupport.backend(OpenClOptions.DEFAULT.withLaunch(OpenClOptions.LaunchStyle.GPU).withGemm(OpenClOptions.GemmChoice.KERNEL)); }

    @TestFactory
    Stream<DynamicContainer> conformance() {
        return ConformanceSuite.of(OpenClGpuLaunchConformanceTest.class, OpenClGpuLaunchConformanceTest::backend);
    }
}
