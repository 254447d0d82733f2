package org.jfsac.bench.cuda;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Benchmark results as tab-separated rows {@code section, name, precision, batch, value, unit}, printed
 * as they come and written to a file that tools/gpu-check.sh merges with the PyTorch peer's rows.
 */
final class BenchTable {
    record Row(String section, String name, String precision, int batch, double value, String unit) {
        String tsv() {
            return String.join("\t", section, name, precision, Integer.toString(batch),
                    String.format(Locale.ROOT, "%.4g", value), unit);
        }
    }

    private final List<Row> rows = new ArrayList<>();
    private final PrintStream out;

    BenchTable(PrintStream out) {
        this.out = out;
    }

    void add(String section, String name, String precision, int batch, double value, String unit) {
        Row r = new Row(section, name, precision, batch, value, unit);
        rows.add(r);
        out.println(r.tsv());
        out.flush();
    }

    void write(Path file) throws IOException {
        List<String> lines = new ArrayList<>();
        for (Row r : rows) lines.add(r.tsv());
        Files.write(file, lines);
    }
}
