package org.jfsac.fsac.report;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.jfsac.fsac.method.Methods;
import org.jfsac.fsac.metrics.MeanStdErr;

/**
 * Turns result rows into {@link ResultTable}s: one per dataset and metric. A cell is the mean ± standard error of
 * the value over seeds; the mean row is computed per seed as the mean over all classes, then summarised over the
 * seeds in which every class has a value (a seed that misses a class would bias the mean).
 */
public final class ResultTables {

    static final String MISSING = "–";
    private static final List<String> METRIC_ORDER = List.of(ResultRow.I_AUROC, ResultRow.I_AUPR, ResultRow.F1_MAX);

    private ResultTables() {
    }

    /**
     * As {@link #build(List, List, List)} with the methods in their registered order ({@link Methods#names()}).
     */
    public static List<ResultTable> build(List<ResultRow> rows, List<String> classOrder) {
        return build(rows, classOrder, Methods.names());
    }

    /**
     * Builds the tables, datasets in order of first appearance, metrics I-AUROC, I-AUPR, F1-max then any other,
     * methods (the columns of each k) as {@code methodOrder} names them, then any other in order of first appearance.
     * Classes follow {@code classOrder}; classes of the rows that it does not name come after, in order of first
     * appearance, so that no result is dropped. A class in {@code classOrder} without rows shows empty cells.
     *
     * @throws IllegalArgumentException when two rows have the same key
     */
    public static List<ResultTable> build(List<ResultRow> rows, List<String> classOrder, List<String> methodOrder) {
        Map<ResultRow.Key, Double> values = new HashMap<>();
        for (ResultRow r : rows) {
            if (values.put(r.key(), r.value()) != null) {
                throw new IllegalArgumentException("two result rows for " + r.key());
            }
        }
        List<ResultTable> tables = new ArrayList<>();
        for (String dataset : distinct(rows, ResultRow::dataset)) {
            List<ResultRow> ofDataset = rows.stream().filter(r -> r.dataset().equals(dataset)).toList();
            Set<String> classes = new LinkedHashSet<>(classOrder);
            classes.addAll(distinct(ofDataset, ResultRow::className));
            List<String> methods = ordered(distinct(ofDataset, ResultRow::method), methodOrder);
            TreeSet<Integer> shots = ofDataset.stream().map(ResultRow::shots).filter(k -> k > 0)
                    .collect(Collectors.toCollection(TreeSet::new));
            if (shots.isEmpty()) {
                shots.add(0);
            }
            for (String metric : ordered(distinct(ofDataset, ResultRow::metric), METRIC_ORDER)) {
                Lookup lookup = new Lookup(values, dataset, metric,
                        ofDataset.stream().filter(r -> r.metric().equals(metric)).toList());
                tables.add(table(dataset, metric, List.copyOf(classes), List.copyOf(shots), methods, lookup));
            }
        }
        return tables;
    }

    private static ResultTable table(String dataset, String metric, List<String> classes, List<Integer> shots,
                                     List<String> methods, Lookup lookup) {
        int maxSeeds = lookup.seeds.size();
        List<ResultTable.Row> out = new ArrayList<>();
        for (String cls : classes) {
            List<ResultTable.Cell> cells = new ArrayList<>();
            for (int k : shots) {
                for (String method : methods) {
                    List<Double> v = new ArrayList<>();
                    for (int seed : lookup.seeds) {
                        Double x = lookup.value(cls, k, method, seed);
                        if (x != null) {
                            v.add(x);
                        }
                    }
                    cells.add(cell(v, seedsExpected(lookup, method, maxSeeds, v.size())));
                }
            }
            out.add(new ResultTable.Row(cls, cells));
        }
        List<ResultTable.Cell> meanCells = new ArrayList<>();
        for (int k : shots) {
            for (String method : methods) {
                List<Double> perSeed = new ArrayList<>();
                for (int seed : lookup.seeds) {
                    double sum = 0;
                    boolean complete = true;
                    for (String cls : classes) {
                        Double x = lookup.value(cls, k, method, seed);
                        if (x == null) {
                            complete = false;
                            break;
                        }
                        sum += x;
                    }
                    if (complete) {
                        perSeed.add(sum / classes.size());
                    }
                }
                meanCells.add(cell(perSeed, seedsExpected(lookup, method, maxSeeds, perSeed.size())));
            }
        }
        out.add(new ResultTable.Row(ResultTable.MEAN_ROW, meanCells));
        return new ResultTable(dataset, metric, shots, methods, List.copyOf(out),
                footnote(lookup, classes.size(), shots));
    }

    /** Zero-shot methods involve no seed (one evaluation stands for all), so they are never "(n=…)" short. */
    private static int seedsExpected(Lookup lookup, String method, int maxSeeds, int have) {
        return lookup.zeroShotMethods.contains(method) ? Math.min(have, maxSeeds) : maxSeeds;
    }

    /** "mean ± SE" with one decimal; a lone seed shows its value; fewer seeds than the table's most say "(n=…)". */
    static ResultTable.Cell cell(List<Double> values, int maxSeeds) {
        if (values.isEmpty()) {
            return new ResultTable.Cell(MISSING, Double.NaN);
        }
        MeanStdErr s = MeanStdErr.of(values.stream().mapToDouble(Double::doubleValue).toArray());
        String text = s.n() == 1 ? String.format(Locale.ROOT, "%.1f", s.mean()) : s.format(1);
        if (s.n() < maxSeeds) {
            text += " (n=" + s.n() + ")";
        }
        return new ResultTable.Cell(text, s.mean());
    }

    private static String footnote(Lookup lookup, int classCount, List<Integer> shots) {
        List<Integer> seeds = lookup.seeds;
        String seedList = seeds.stream().map(String::valueOf).collect(Collectors.joining(", "));
        StringBuilder sb = new StringBuilder("Values in percent. ");
        if (seeds.size() == 1) {
            sb.append("One seed (").append(seedList).append("): each cell is its value; the Mean row is the mean over the ")
                    .append(classCount).append(" classes.");
        } else {
            sb.append("Each cell is the mean ± standard error over ").append(seeds.size()).append(" seeds (")
                    .append(seedList).append("); \"(n=…)\" marks a cell with fewer seeds. The Mean row is computed")
                    .append(" per seed as the mean over the ").append(classCount)
                    .append(" classes, then mean ± standard error over the seeds that cover every class.");
        }
        if (!lookup.zeroShotMethods.isEmpty() && !(shots.size() == 1 && shots.get(0) == 0)) {
            sb.append(" Zero-shot results (").append(String.join(", ", lookup.zeroShotMethods))
                    .append(") involve no training: they depend on neither k nor the seed, are evaluated once and repeated under every k.");
        }
        sb.append(" \"").append(MISSING).append("\": no result.");
        return sb.toString();
    }

    /** Values of one dataset and metric, with the zero-shot fallback. */
    private static final class Lookup {
        final Map<ResultRow.Key, Double> values;
        final String dataset;
        final String metric;
        final List<Integer> seeds;
        final Set<String> zeroShotMethods;

        Lookup(Map<ResultRow.Key, Double> values, String dataset, String metric, List<ResultRow> rows) {
            this.values = values;
            this.dataset = dataset;
            this.metric = metric;
            this.seeds = List.copyOf(rows.stream().map(ResultRow::seed).collect(Collectors.toCollection(TreeSet::new)));
            this.zeroShotMethods = rows.stream().filter(r -> r.shots() == 0).map(ResultRow::method)
                    .collect(Collectors.toCollection(LinkedHashSet::new));
        }

        /** The value at k, or else the method's zero-shot (k = 0) value; null if neither exists. */
        Double value(String cls, int k, String method, int seed) {
            Double v = values.get(new ResultRow.Key(dataset, cls, k, seed, method, metric));
            if (v == null && k != 0) {
                v = values.get(new ResultRow.Key(dataset, cls, 0, seed, method, metric));
            }
            return v;
        }
    }

    private static <T> List<String> distinct(List<T> rows, java.util.function.Function<T, String> field) {
        return List.copyOf(rows.stream().map(field).collect(Collectors.toCollection(LinkedHashSet::new)));
    }

    /** The preferred names that occur, in preferred order, then the others in their given order. */
    private static List<String> ordered(List<String> present, List<String> preferred) {
        List<String> out = new ArrayList<>();
        for (String p : preferred) {
            if (present.contains(p)) {
                out.add(p);
            }
        }
        for (String p : present) {
            if (!out.contains(p)) {
                out.add(p);
            }
        }
        return out;
    }
}
