package org.jfsac.fsac.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;

/** Folder listings shared by the dataset loaders: deterministic order, hidden files skipped. */
final class ImageFiles {

    /** Matched ignoring case, so 000.png, 000.JPG and 000.jpeg all count. */
    static final Set<String> EXTENSIONS = Set.of("png", "jpg", "jpeg", "bmp");

    private ImageFiles() {
    }

    static boolean isImage(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 && EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    /** The file name without its extension. */
    static String stem(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    /** Image files directly in {@code dir}, sorted by name. */
    static List<Path> images(Path dir) throws IOException {
        return list(dir, p -> Files.isRegularFile(p) && isImage(p));
    }

    /** Subfolders of {@code dir}, sorted by name. */
    static List<Path> subdirectories(Path dir) throws IOException {
        return list(dir, Files::isDirectory);
    }

    private static List<Path> list(Path dir, Predicate<Path> keep) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            // macOS archives carry "._name" resource forks and .DS_Store files: never data
            return entries.filter(p -> !p.getFileName().toString().startsWith("."))
                    .filter(keep)
                    .sorted()
                    .toList();
        }
    }

    /**
     * Fails unless {@code dir} is a folder; the message says what the dataset expects there and what the parent
     * folder holds instead, which is usually enough to spot a misnamed folder.
     */
    static void requireDirectory(Path dir, String expectation) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        Path parent = dir.getParent();
        String found = parent != null && Files.isDirectory(parent)
                ? "; " + parent + " holds " + subdirectories(parent).stream().map(p -> p.getFileName().toString()).toList()
                : "";
        throw new NoSuchFileException(dir.toString(), null, "missing folder: " + expectation + found);
    }

    /** Class names become path segments: reject anything that would leave the dataset root. */
    static void requireClassName(String cls) {
        if (cls == null || cls.isEmpty() || cls.equals(".") || cls.equals("..") || cls.contains("/")
                || cls.contains("\\")) {
            throw new IllegalArgumentException("'" + cls + "' is not a class folder name");
        }
    }
}
