package org.jfsac.bench.clip;

import org.jfsac.core.backend.Devices;
import org.jfsac.fsac.towers.ClipModels;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The Java heap that loading a checkpoint into a model needs, against the model's float32 size.
 * Usage: LoadMemory CHECKPOINT [MODEL]. Make a random ViT-B-16-plus-240 checkpoint of the real size with
 * bench/scripts/make_random_checkpoint.py.
 *
 * <p>Why a search and not a peak reading: heap "used" counts garbage until a collection happens, so its
 * peak (summed over pools, whose peaks are not even simultaneous) says more about the collector's sizing
 * than about the loader. What a user experiences is the smallest -Xmx with which the load succeeds, so
 * this bisects over -Xmx, loading in a fresh JVM each time (serial collector, a fixed 16 MB young
 * generation so that nearly the whole heap is available to the long-lived weights). That smallest heap
 * bounds the peak live heap from above (plus a few MB the JVM itself uses).
 */
public final class LoadMemory {
    private static final long MB = 1 << 20;
    private static final int OUT_OF_MEMORY = 3;
    /** Bisection stops when the bracket is this narrow. */
    private static final long RESOLUTION_MB = 4;

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("--once")) {
            once(Path.of(args[1]), args.length > 2 ? args[2] : null);
            return;
        }
        Path ckpt = Path.of(args[0]);
        String model = args.length > 1 ? args[1] : null;
        // a generous run first: timing, parameter count, and proof the file loads at all
        Result roomy = child(ckpt, model, 8192);
        if (!roomy.ok) throw new IllegalStateException("loading failed even with an 8 GB heap:\n" + roomy.output);
        long modelMb = roomy.parameters * 4 / MB;
        long lo = modelMb, hi = 8192; // below the weights' own size it cannot succeed
        long guess = 3 * modelMb;     // narrows the bracket for the usual case
        if (guess < hi) {
            if (child(ckpt, model, guess).ok) hi = guess;
            else lo = guess;
        }
        while (hi - lo > RESOLUTION_MB) {
            long mid = (lo + hi) / 2;
            if (child(ckpt, model, mid).ok) hi = mid;
            else lo = mid;
        }
        double modelBytes = 4.0 * roomy.parameters;
        System.out.printf("checkpoint %s: %d parameters (%.0f MB float32); load %.1f s; smallest heap that loads: %.0f MB = %.2f x the model%n",
                ckpt.getFileName(), roomy.parameters, modelBytes / 1e6, roomy.seconds, hi * MB / 1e6, hi * MB / modelBytes);
    }

    private record Result(boolean ok, long parameters, double seconds, String output) {}

    /** Loads once in a fresh JVM with {@code heapMb} of heap. */
    private static Result child(Path ckpt, String model, long heapMb) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms" + Math.min(heapMb, 64) + "m", "-Xmx" + heapMb + "m", "-Xmn16m", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), LoadMemory.class.getName(), "--once", ckpt.toString()));
        if (model != null) cmd.add(model);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int rc = p.waitFor();
        System.err.printf("  -Xmx%dm: %s%n", heapMb, rc == 0 ? "loads" : rc == OUT_OF_MEMORY ? "out of memory" : "error");
        if (rc == 0) {
            String[] f = out.strip().split("\\s+");
            return new Result(true, Long.parseLong(f[f.length - 2]), Double.parseDouble(f[f.length - 1]), out);
        }
        if (rc != OUT_OF_MEMORY) throw new IllegalStateException("load failed (exit " + rc + "), not for lack of memory:\n" + out);
        return new Result(false, 0, 0, out);
    }

    /** Prints "parameters seconds"; exits with OUT_OF_MEMORY when the heap is too small. */
    private static void once(Path ckpt, String model) throws Exception {
        try {
            long t0 = System.nanoTime();
            ClipModels.Loaded l = ClipModels.load(Devices.cpu(), ckpt, model, null);
            System.out.println(l.model().parameterCount() + " " + (System.nanoTime() - t0) / 1e9);
        } catch (OutOfMemoryError e) {
            System.exit(OUT_OF_MEMORY);
        }
    }
}
