package org.jfsac.bench.peers;

import org.jfsac.bench.Medians;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Timings of several frameworks on several cases, gathered over alternating rounds; medians per case and framework. */
public final class Rounds {
    private final Map<String, Map<String, List<Double>>> times = new LinkedHashMap<>();

    public void add(String caseName, String framework, double... ms) {
        List<Double> l = times.computeIfAbsent(caseName, k -> new LinkedHashMap<>()).computeIfAbsent(framework, k -> new ArrayList<>());
        for (double t : ms) l.add(t);
    }

    /** Median ms of a case and framework, NaN when it was not measured. */
    public double median(String caseName, String framework) {
        List<Double> l = times.getOrDefault(caseName, Map.of()).get(framework);
        if (l == null || l.isEmpty()) return Double.NaN;
        return Medians.of(l.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /** "min–max" of a case and framework's timings. */
    public String range(String caseName, String framework) {
        List<Double> l = times.getOrDefault(caseName, Map.of()).get(framework);
        if (l == null || l.isEmpty()) return "";
        return String.format("%.0f–%.0f", l.stream().mapToDouble(Double::doubleValue).min().orElseThrow(),
                l.stream().mapToDouble(Double::doubleValue).max().orElseThrow());
    }

    public int count(String caseName, String framework) {
        return times.getOrDefault(caseName, Map.of()).getOrDefault(framework, List.of()).size();
    }

    /**
     * A markdown table: one row per case, median (and range) per framework, then the ratio of the first framework to
     * each other one (below 1: the first is faster).
     */
    public String table(String... frameworks) {
        StringBuilder sb = new StringBuilder("| case |");
        for (String f : frameworks) sb.append(' ').append(f).append(" ms, median (range, n) |");
        for (int i = 1; i < frameworks.length; i++) sb.append(' ').append(frameworks[0]).append(" / ").append(frameworks[i]).append(" |");
        sb.append("\n|---|").append("---:|".repeat(2 * frameworks.length - 1)).append('\n');
        for (String c : times.keySet()) {
            sb.append("| ").append(c).append(" |");
            for (String f : frameworks) {
                double m = median(c, f);
                sb.append(Double.isNaN(m) ? " n/a |" : String.format(" %.1f (%s, %d) |", m, range(c, f), count(c, f)));
            }
            for (int i = 1; i < frameworks.length; i++) {
                double r = median(c, frameworks[0]) / median(c, frameworks[i]);
                sb.append(Double.isNaN(r) ? " n/a |" : String.format(" %.2f |", r));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /** The machine's load average now (1, 5, 15 minutes), for the table's caption. */
    public static String loadAverage() {
        try {
            return String.join(" ", Arrays.copyOf(java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).split("\\s+"), 3));
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }
}
