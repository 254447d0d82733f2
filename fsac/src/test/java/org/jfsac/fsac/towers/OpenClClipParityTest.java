package org.jfsac.fsac.towers;

import org.jfsac.core.backend.Backend;
import org.junit.jupiter.api.Test;

/**
 * The OpenCLIP fixtures end to end on the opencl backend: embeddings of every checkpoint layout, per-block
 * activations and the saliency gradient, with the same tolerances as on the CPU (1e-4 / 1e-3 relative).
 */
class OpenClClipParityTest {
    static Backend be() { return DeviceParity.open("opencl", "JFSAC_REQUIRE_OPENCL"); }

    @Test void tinyGelu() throws Exception { ClipParityTest.checkModel(be(), "tiny-gelu"); }

    @Test void tinyQuickGelu() throws Exception { ClipParityTest.checkModel(be(), "tiny-quickgelu"); }

    @Test void perBlockActivations() throws Exception { ClipParityTest.checkDebugActivations(be()); }

    @Test void saliencyGradient() throws Exception { ClipParityTest.checkSaliencyGradient(be()); }
}
