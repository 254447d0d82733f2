package org.jfsac.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Runs the PyTorch peer script and times Java cases the same way (median of reps after warm-up). */
public final class SideBySide {
    private SideBySide() {}

    public static double medianMs(Runnable r, int warmup, int reps) {
        for (int i = 0; i < warmup; i++) r.run();
        double[] t = new double[reps];
        for (int i = 0; i < reps; i++) {
            long t0 = System.nanoTime();
            r.run();
            t[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(t);
        return reps % 2 == 1 ? t[reps / 2] : (t[reps / 2 - 1] + t[reps / 2]) / 2;
    }

    /** Runs bench/scripts/torch_peer.py with the given arguments; returns case → median ms (empty if torch is missing). */
    public static Map<String, Double> torch(String... args) throws IOException, InterruptedException {
        Path script = locate("bench/scripts/torch_peer.py");
        List<String> cmd = new ArrayList<>(List.of(System.getProperty("jfsac.python", "/usr/bin/python3"), script.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        Map<String, Double> out = new LinkedHashMap<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                String[] f = line.trim().split("\\s+");
                if (f.length == 2) {
                    try {
                        out.put(f[0], Double.parseDouble(f[1]));
                        continue;
                    } catch (NumberFormatException ignored) { }
                }
                System.err.println("[torch] " + line);
            }
        }
        p.waitFor();
        return out;
    }

    static Path locate(String rel) {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            if (Files.exists(d.resolve(rel))) return d.resolve(rel);
        }
        throw new IllegalStateException("cannot find " + rel + " above " + Path.of("").toAbsolutePath());
    }

    /** Prints a markdown table: case, Java ms, PyTorch ms, ratio (Java / PyTorch; < 1 means Java is faster). */
    public static void table(String title, Map<String, Double> java, Map<String, Double> torch) {
        System.out.println("\n" + title + "\n");
        System.out.println("| case | jfsac (ms) | PyTorch (ms) | ratio jfsac/PyTorch |");
        System.out.println("|---|---:|---:|---:|");
        java.forEach((k, v) -> {
            Double t = torch.get(k);
            System.out.printf("| %s | %.1f | %s | %s |%n", k, v, t == null ? "n/a" : String.format("%.1f", t),
                    t == null ? "n/a" : String.format("%.2f", v / t));
        });
    }
}
