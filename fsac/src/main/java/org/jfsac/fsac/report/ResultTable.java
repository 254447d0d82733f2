package org.jfsac.fsac.report;

import java.util.List;

/**
 * One results table laid out like the seed paper's Tables I–II (transposed: classes are rows): for one dataset
 * and metric, a row per class plus a final mean row, and for each k the methods side by side. Built by
 * {@link ResultTables}; rendered by {@link ResultsMarkdown} and {@link HtmlReport}.
 *
 * @param shots    the column groups, ascending (0 only when the run holds zero-shot results alone)
 * @param methods  the columns inside each group
 * @param rows     the class rows, then the mean row
 * @param footnote how the cells were computed, one paragraph
 */
public record ResultTable(String dataset, String metric, List<Integer> shots, List<String> methods, List<Row> rows,
                          String footnote) {

    /** The label of the last row. */
    public static final String MEAN_ROW = "Mean";

    /** A row: its label and {@code shots.size() * methods.size()} cells, k-major. */
    public record Row(String label, List<Cell> cells) {
    }

    /**
     * A formatted cell. {@code mean} is NaN when the cell has no value ({@code text} is then "–"); it lets a
     * renderer mark the better method.
     */
    public record Cell(String text, double mean) {
        public boolean isEmpty() {
            return Double.isNaN(mean);
        }
    }

    public Cell cell(int row, int shotIndex, int methodIndex) {
        return rows.get(row).cells().get(shotIndex * methods.size() + methodIndex);
    }
}
