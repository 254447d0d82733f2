package org.jfsac.fsac.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Builds dataset trees in a temporary folder. Loaders never decode images, so empty files stand in for them. */
final class Trees {

    private Trees() {
    }

    /** Creates each relative path under root (with its folders) as an empty file. */
    static void files(Path root, String... relativePaths) {
        try {
            for (String rel : relativePaths) {
                Path p = root.resolve(rel);
                Files.createDirectories(p.getParent());
                Files.createFile(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void folder(Path root, String relativePath) {
        try {
            Files.createDirectories(root.resolve(relativePath));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void text(Path root, String relativePath, String content) {
        try {
            Path p = root.resolve(relativePath);
            Files.createDirectories(p.getParent());
            Files.writeString(p, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Names relative to root with '/' separators, for readable assertions. */
    static String rel(Path root, Path p) {
        return p == null ? null : root.relativize(p).toString().replace('\\', '/');
    }
}
