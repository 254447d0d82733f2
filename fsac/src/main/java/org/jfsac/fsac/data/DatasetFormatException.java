package org.jfsac.fsac.data;

import java.io.IOException;
import java.nio.file.Path;

/** A dataset file or folder exists but its content is not what the loader expects. */
public class DatasetFormatException extends IOException {

    private final Path path;

    public DatasetFormatException(Path path, String problem) {
        super(path + ": " + problem);
        this.path = path;
    }

    /** The file or folder at fault. */
    public Path path() {
        return path;
    }
}
