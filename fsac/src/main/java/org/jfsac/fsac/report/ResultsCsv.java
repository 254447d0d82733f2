package org.jfsac.fsac.report;

import org.jfsac.core.io.AtomicFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code results.csv}: one {@link ResultRow} a line under the header {@value #HEADER}. Every write replaces the
 * file atomically, so an interrupted run leaves a complete file to resume from. Values are written with
 * {@link Double#toString(double)}, which reads back to the same double.
 */
public final class ResultsCsv {

    public static final String HEADER = "dataset,class,shots,seed,method,metric,value";
    private static final List<String> COLUMNS = List.of(HEADER.split(","));

    private ResultsCsv() {
    }

    /** Replaces {@code file} with the header and {@code rows}, in order. Keys must be distinct. */
    public static void write(Path file, Collection<ResultRow> rows) throws IOException {
        requireDistinctKeys(rows, file);
        StringBuilder sb = new StringBuilder(Csv.line(COLUMNS));
        for (ResultRow r : rows) {
            sb.append(Csv.line(List.of(r.dataset(), r.className(), Integer.toString(r.shots()),
                    Integer.toString(r.seed()), r.method(), r.metric(), Double.toString(r.value()))));
        }
        AtomicFiles.writeString(file, sb.toString());
    }

    /**
     * Adds {@code rows} to {@code file} (created if absent) and returns everything it now holds. A new row whose
     * key is already in the file replaces the old row in place, so re-running a cell does not duplicate it.
     */
    public static List<ResultRow> append(Path file, Collection<ResultRow> rows) throws IOException {
        Map<ResultRow.Key, ResultRow> merged = new LinkedHashMap<>();
        for (ResultRow r : readIfExists(file)) {
            merged.put(r.key(), r);
        }
        requireDistinctKeys(rows, file);
        for (ResultRow r : rows) {
            merged.put(r.key(), r);
        }
        List<ResultRow> all = new ArrayList<>(merged.values());
        write(file, all);
        return all;
    }

    /** The rows of {@code file}, or an empty list when it does not exist (a run that has not started). */
    public static List<ResultRow> readIfExists(Path file) throws IOException {
        return Files.exists(file) ? read(file) : List.of();
    }

    /**
     * The rows of {@code file} in file order. A wrong header, a line with the wrong number of fields, a number
     * that does not parse, or two lines with the same key is an {@link IllegalArgumentException} naming the file
     * and line.
     */
    public static List<ResultRow> read(Path file) throws IOException {
        String source = file.toString();
        List<Csv.Record> records = Csv.parse(Files.readString(file, StandardCharsets.UTF_8), source);
        if (records.isEmpty() || !records.get(0).fields().equals(COLUMNS)) {
            throw new IllegalArgumentException(source + ": the first line must be the header \"" + HEADER + "\""
                    + (records.isEmpty() ? " but the file is empty" : " but is " + records.get(0).fields()));
        }
        List<ResultRow> rows = new ArrayList<>(records.size() - 1);
        Map<ResultRow.Key, Integer> lineOfKey = new HashMap<>();
        for (Csv.Record rec : records.subList(1, records.size())) {
            String where = source + " line " + rec.line();
            List<String> f = rec.fields();
            if (f.size() != COLUMNS.size()) {
                throw new IllegalArgumentException(where + ": " + f.size() + " fields, expected "
                        + COLUMNS.size() + " (" + HEADER + ")");
            }
            ResultRow row;
            try {
                row = new ResultRow(f.get(0), f.get(1), parseInt(f.get(2), "shots"),
                        parseInt(f.get(3), "seed"), f.get(4), f.get(5), parseDouble(f.get(6)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
            }
            Integer previous = lineOfKey.putIfAbsent(row.key(), rec.line());
            if (previous != null) {
                throw new IllegalArgumentException(where + " repeats the row of line " + previous + ": " + row.key());
            }
            rows.add(row);
        }
        return rows;
    }

    private static int parseInt(String s, String what) {
        try {
            return Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + " \"" + s + "\" is not an integer");
        }
    }

    private static double parseDouble(String s) {
        try {
            return Double.parseDouble(s.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("value \"" + s + "\" is not a number");
        }
    }

    private static void requireDistinctKeys(Collection<ResultRow> rows, Path file) {
        Map<ResultRow.Key, ResultRow> seen = new HashMap<>();
        for (ResultRow r : rows) {
            if (seen.put(r.key(), r) != null) {
                throw new IllegalArgumentException("rows for " + file + " hold " + r.key() + " twice");
            }
        }
    }
}
