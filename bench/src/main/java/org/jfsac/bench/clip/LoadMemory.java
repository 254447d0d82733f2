package org.jfsac.bench.clip;

import org.jfsac.core.backend.Devices;
import org.jfsac.fsac.clip.ClipModels;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;

/**
 * Peak Java heap while loading a checkpoint into a model, against the model's float32 size.
 * Usage: LoadMemory CHECKPOINT [MODEL]. Make a random ViT-B-16-plus-240 checkpoint of the real size with
 * bench/scripts/make_random_checkpoint.py. Run with a large -Xmx so the GC is not forced early, and
 * -XX:+UseSerialGC for a stable reading.
 */
public final class LoadMemory {
    public static void main(String[] args) throws Exception {
        Path ckpt = Path.of(args[0]);
        String model = args.length > 1 ? args[1] : null;
        System.gc();
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) p.resetPeakUsage();
        long t0 = System.nanoTime();
        ClipModels.Loaded l = ClipModels.load(Devices.cpu(), ckpt, model, null);
        long t1 = System.nanoTime();
        long peak = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) if (p.getType() == MemoryType.HEAP) peak += p.getPeakUsage().getUsed();
        double modelBytes = 4.0 * l.model().parameterCount();
        System.out.printf("checkpoint %s: %d parameters (%.0f MB float32); load %.1f s; peak heap %.0f MB = %.2f x the model%n",
                ckpt.getFileName(), l.model().parameterCount(), modelBytes / 1e6, (t1 - t0) / 1e9, peak / 1e6, peak / modelBytes);
    }
}
