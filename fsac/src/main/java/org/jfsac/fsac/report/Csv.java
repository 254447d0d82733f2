package org.jfsac.fsac.report;

import java.util.ArrayList;
import java.util.List;

/**
 * RFC 4180 CSV: fields holding a comma, a double quote, a line break or surrounding spaces are quoted, and quotes
 * inside are doubled. The reader accepts LF and CRLF line ends and quoted line breaks.
 */
final class Csv {

    /** One parsed record and the line of the file it starts on (1-based), for error messages. */
    record Record(int line, List<String> fields) {
    }

    private Csv() {
    }

    static String quote(String field) {
        boolean needs = !field.isEmpty() && (field.indexOf(',') >= 0 || field.indexOf('"') >= 0 || field.indexOf('\n') >= 0
                || field.indexOf('\r') >= 0 || field.charAt(0) == ' ' || field.charAt(field.length() - 1) == ' ');
        return needs ? '"' + field.replace("\"", "\"\"") + '"' : field;
    }

    static String line(List<String> fields) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(quote(fields.get(i)));
        }
        return sb.append('\n').toString();
    }

    /**
     * Splits {@code text} into records; blank lines are skipped. {@code source} names the file in the
     * {@link IllegalArgumentException} thrown for malformed quoting.
     */
    static List<Record> parse(String text, String source) {
        List<Record> records = new ArrayList<>();
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        int line = 1;
        int recordLine = 1;
        boolean quoted = false;      // inside a quoted field
        boolean wasQuoted = false;   // current field was quoted and has been closed
        int i = text.startsWith("\uFEFF") ? 1 : 0; // a byte-order mark, as spreadsheet programs write
        for (; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else {
                        quoted = false;
                        wasQuoted = true;
                    }
                } else {
                    if (c == '\n') {
                        line++;
                    }
                    field.append(c);
                }
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
                wasQuoted = false;
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                if (!fields.isEmpty() || field.length() > 0 || wasQuoted) {
                    fields.add(field.toString());
                    records.add(new Record(recordLine, List.copyOf(fields)));
                }
                fields.clear();
                field.setLength(0);
                wasQuoted = false;
                line++;
                recordLine = line;
            } else if (c == '"') {
                if (field.length() > 0 || wasQuoted) {
                    throw new IllegalArgumentException(source + " line " + line
                            + ": a double quote inside an unquoted field (quote the field and double the quote)");
                }
                quoted = true;
            } else {
                if (wasQuoted) {
                    throw new IllegalArgumentException(source + " line " + line
                            + ": text after the closing quote of a field");
                }
                field.append(c);
            }
        }
        if (quoted) {
            throw new IllegalArgumentException(source + " line " + recordLine
                    + ": a quoted field is not closed before the end of the file");
        }
        if (!fields.isEmpty() || field.length() > 0 || wasQuoted) {
            fields.add(field.toString());
            records.add(new Record(recordLine, List.copyOf(fields)));
        }
        return records;
    }
}
