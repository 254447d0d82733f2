package org.jfsac.gpu.cuda;

import org.jfsac.core.backend.Backend;
import org.jfsac.core.backend.conformance.ConformanceSuite;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.TestFactory;

import java.util.stream.Stream;

/**
 * The backend conformance suite on CUDA device 0 (default options: cuBLAS where it loads, else our tiled GEMM;
 * launches synchronised so that a fault names its kernel). Skips where there is no CUDA device.
 */
class CudaConformanceTest {
    static Backend backend() { return CudaTestSupport.backend(); }

    @TestFactory
    Stream<DynamicContainer> conformance() {
        return ConformanceSuite.of(CudaConformanceTest.class, CudaConformanceTest::backend);
    }
}
