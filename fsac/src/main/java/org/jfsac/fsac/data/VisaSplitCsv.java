package org.jfsac.fsac.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * VisA's split file {@code split_csv/1cls.csv}: header {@code object,split,label,image,mask} (columns found by
 * name), split {@code train}/{@code test}, label {@code normal}/{@code anomaly}, image and mask paths relative to
 * the dataset root, mask empty for normal images. The file has no quoted fields; one with quotes is refused
 * rather than mis-split.
 */
final class VisaSplitCsv {

    static final String RELATIVE_PATH = "split_csv/1cls.csv";
    private static final List<String> COLUMNS = List.of("object", "split", "label", "image", "mask");

    /** One data line; {@code line} is 1-based as editors count, for messages. */
    record Row(int line, String object, boolean train, boolean anomalous, String image, String mask) {
    }

    private VisaSplitCsv() {
    }

    static List<Row> read(Path csv) throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new DatasetFormatException(csv, "not UTF-8 text (" + e.getMessage() + ")");
        }
        if (lines.isEmpty()) {
            throw new DatasetFormatException(csv, "empty file; expected header " + String.join(",", COLUMNS));
        }
        String header = lines.get(0).replace("\uFEFF", "").strip();
        List<String> names = Arrays.asList(header.split(",", -1));
        int[] index = new int[COLUMNS.size()];
        for (int c = 0; c < COLUMNS.size(); c++) {
            index[c] = names.indexOf(COLUMNS.get(c));
            if (index[c] < 0) {
                throw new DatasetFormatException(csv, "header '" + header + "' lacks column '" + COLUMNS.get(c)
                        + "'; expected " + String.join(",", COLUMNS));
            }
        }
        List<Row> rows = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            String text = lines.get(i).strip();
            if (!text.isEmpty()) {
                rows.add(parse(csv, i + 1, text, names.size(), index));
            }
        }
        if (rows.isEmpty()) {
            throw new DatasetFormatException(csv, "has a header but no data lines: no object (class) to evaluate");
        }
        return rows;
    }

    private static Row parse(Path csv, int line, String text, int width, int[] index) throws IOException {
        if (text.indexOf('"') >= 0) {
            throw new DatasetFormatException(csv, "line " + line + ": quoted fields are not supported");
        }
        String[] f = text.split(",", -1);
        if (f.length != width) {
            throw new DatasetFormatException(csv, "line " + line + " has " + f.length + " fields, the header "
                    + width);
        }
        String split = f[index[1]].strip();
        String label = f[index[2]].strip();
        if (!split.equals("train") && !split.equals("test")) {
            throw new DatasetFormatException(csv, "line " + line + ": split '" + split + "' is not train or test");
        }
        if (!label.equals("normal") && !label.equals("anomaly")) {
            throw new DatasetFormatException(csv, "line " + line + ": label '" + label
                    + "' is not normal or anomaly");
        }
        String image = f[index[3]].strip();
        if (image.isEmpty()) {
            throw new DatasetFormatException(csv, "line " + line + ": empty image path");
        }
        String object = f[index[0]].strip();
        try {
            ImageFiles.requireClassName(object);
        } catch (IllegalArgumentException e) {
            throw new DatasetFormatException(csv, "line " + line + ": object " + e.getMessage());
        }
        String mask = f[index[4]].strip();
        for (String path : new String[] {image, mask}) {
            try {
                Path.of(path);
            } catch (java.nio.file.InvalidPathException e) {
                throw new DatasetFormatException(csv, "line " + line + ": invalid path (" + e.getReason() + ")");
            }
        }
        return new Row(line, object, split.equals("train"), label.equals("anomaly"), image, mask);
    }
}
