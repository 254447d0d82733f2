package org.jfsac.gpu.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.jfsac.core.backend.BackendException;
import org.jfsac.core.backend.Buffer;
import org.jfsac.core.backend.UnaryOp;
import org.jfsac.core.backend.View;
import org.junit.jupiter.api.Test;

/**
 * On a GPU: steady state allocates nothing from the driver, a failed launch names the kernel and its
 * arguments' shapes, running out of device memory is a one-line BackendException (and the backend
 * keeps working), and the startup description says which GEMM runs.
 */
class CudaRobustnessTest {

    @Test
    void steadyStateAllocatesNothingFromTheDriver() {
        CudaBackend gpu = CudaTestSupport.backend();
        Runnable step = () -> {
            Buffer x = gpu.allocate(197 * 768), y = gpu.allocate(197 * 768), w = gpu.allocate(768 * 768);
            gpu.fill(View.contiguous(x, 197, 768), 1f);
            gpu.fill(View.contiguous(w, 768, 768), 0.5f);
            gpu.gemm(false, true, 197, 768, 768, 1f, x, 0, 768, 0, w, 0, 768, 0, 0f, y, 0, 768, 0, 1);
            gpu.unary(UnaryOp.GELU, 0f, View.contiguous(y, 197, 768), x);
            x.release();
            y.release();
            w.release();
        };
        step.run();
        gpu.synchronize();
        long before = gpu.driverAllocations();
        for (int i = 0; i < 50; i++) step.run();
        gpu.synchronize();
        assertEquals(before, gpu.driverAllocations(), "driver allocations after warm-up");
    }

    @Test
    void failedLaunchNamesKernelAndArgumentShapes() {
        CudaBackend gpu = CudaTestSupport.backend();
        Buffer x = gpu.allocate(1000), out = gpu.allocate(1000);
        // 4096 threads per block exceeds every CUDA device's limit: the launch itself fails.
        BackendException e = assertThrows(BackendException.class, () -> gpu.withContext(() ->
                gpu.launcher.launch(CudaKernels.UNARY_CONTIG, new KernelLauncher.Shape(1, 1, 1, 4096, 1, 1, 0),
                        "test op", 0, 0f, 1000, x, 0, out, 0)));
        String msg = e.getMessage();
        assertTrue(msg.contains("unary_contig(") && msg.contains("float[1000]") && msg.contains("block (4096,1,1)")
                && msg.contains("test op"), msg);
        assertFalse(msg.contains("\n"), msg);
        // The backend is still usable afterwards.
        gpu.fill(View.contiguous(x, 1000), 3f);
        float[] back = new float[1000];
        gpu.download(x, 0, back, 0, 1000);
        assertEquals(3f, back[999]);
    }

    @Test
    void outOfMemoryIsOneLineAndRecoverable() {
        CudaBackend gpu = CudaTestSupport.backend();
        List<Buffer> held = new ArrayList<>();
        BackendException oom = null;
        try {
            // 8 GiB a buffer; 48 of them exceed any current GPU. Uninitialised memory: this is quick.
            for (int i = 0; i < 48 && oom == null; i++) {
                try {
                    held.add(gpu.allocate(Integer.MAX_VALUE));
                } catch (BackendException e) {
                    oom = e;
                }
            }
        } finally {
            for (Buffer b : held) b.release();
            gpu.withContext(gpu::trimCache);
        }
        if (oom == null) {
            System.err.println("[CudaRobustnessTest] 384 GiB fit on this device; out-of-memory not exercised");
            return;
        }
        assertTrue(oom.getMessage().contains("out of device memory"), oom.getMessage());
        assertFalse(oom.getMessage().contains("\n"), oom.getMessage());
        Buffer small = gpu.allocate(10);
        gpu.fill(View.contiguous(small, 10), 1f);
        gpu.synchronize();
    }

    @Test
    void describeSaysWhichGemmRuns() {
        CudaBackend gpu = CudaTestSupport.backend(CudaOptions.DEFAULT);
        String d = gpu.describe();
        System.err.println("[CudaRobustnessTest] " + gpu.name() + ": " + d);
        assertTrue(d.contains("GEMM: "), d);
        if (CublasGemm.unavailableReason() == null) assertTrue(d.contains("cuBLAS"), d);
        else assertTrue(d.contains("own tiled SGEMM") && d.contains("cuBLAS unavailable"), d);
    }
}
