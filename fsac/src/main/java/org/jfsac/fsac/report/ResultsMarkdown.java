package org.jfsac.fsac.report;

import org.jfsac.core.io.AtomicFiles;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** {@code results.md}: the run header, the protocol note, then one table per dataset and metric. */
public final class ResultsMarkdown {

    private ResultsMarkdown() {
    }

    /** Writes {@link #render} to {@code file} atomically. */
    public static void write(Path file, RunInfo run, List<ResultRow> rows, List<String> classOrder)
            throws IOException {
        AtomicFiles.writeString(file, render(run, rows, classOrder));
    }

    public static String render(RunInfo run, List<ResultRow> rows, List<String> classOrder) {
        StringBuilder md = new StringBuilder();
        md.append("# ").append(inline(run.title())).append("\n\n## Run\n\n");
        md.append("| Setting | Value |\n|:---|:---|\n");
        for (Map.Entry<String, String> e : run.settings().entrySet()) {
            md.append("| ").append(inline(e.getKey())).append(" | ").append(inline(e.getValue())).append(" |\n");
        }
        md.append("\n## Evaluation protocol\n\n").append(run.protocol().strip()).append("\n");
        List<ResultTable> tables = ResultTables.build(rows, classOrder, run.methods());
        if (tables.isEmpty()) {
            md.append("\nNo results yet.\n");
        }
        for (ResultTable t : tables) {
            md.append("\n## ").append(inline(t.metric())).append(" — ").append(inline(t.dataset())).append("\n\n");
            md.append(table(t)).append("\n").append(t.footnote()).append("\n");
        }
        return md.toString();
    }

    static String table(ResultTable t) {
        StringBuilder md = new StringBuilder("| Class |");
        StringBuilder rule = new StringBuilder("|:---|");
        for (int k : t.shots()) {
            for (String method : t.methods()) {
                md.append(' ').append(k).append("-shot ").append(inline(method)).append(" |");
                rule.append("---:|");
            }
        }
        md.append('\n').append(rule).append('\n');
        for (int r = 0; r < t.rows().size(); r++) {
            ResultTable.Row row = t.rows().get(r);
            boolean mean = r == t.rows().size() - 1; // the last row is always the mean
            md.append("| ").append(mean ? "**" + inline(row.label()) + "**" : inline(row.label())).append(" |");
            for (ResultTable.Cell c : row.cells()) {
                md.append(' ').append(c.text()).append(" |");
            }
            md.append('\n');
        }
        return md.toString();
    }

    /** Text safe inside a table cell or heading: pipes escaped, line breaks joined. */
    static String inline(String s) {
        return s.replace("\\", "\\\\").replace("|", "\\|").replaceAll("\\s*\\R\\s*", " ");
    }
}
