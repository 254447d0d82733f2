package org.jfsac.tools;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The images a command works on: files, folders (searched recursively, sorted by relative path) and list files
 * (one path per line; blank lines and lines starting with # are skipped). A path that does not exist stays in the
 * list, so that the command reports it as that image's error and goes on with the rest.
 */
final class ImageInputs {
    private static final String IMAGE_SUFFIX = "(?i).*\\.(png|jpe?g|bmp|gif|tiff?)$";

    /**
     * One image. {@code relative} is the path that outputs about it mirror: the path below the folder it was found
     * in (good/000.png), or for a file named directly the path as given (absolute paths and paths leaving the
     * working folder lose their root and their "..", so that they stay inside an output folder).
     */
    record Input(Path file, Path relative) {
        @Override public String toString() { return file.toString(); }
    }

    private ImageInputs() {}

    static List<Input> collect(List<Path> paths, Path listFile) throws IOException {
        List<Path> all = new ArrayList<>(paths);
        if (listFile != null) {
            if (!Files.isRegularFile(listFile)) throw new NoSuchFileException(listFile.toString(), null, "list file not found");
            for (String line : Files.readAllLines(listFile)) {
                String t = line.strip();
                if (!t.isEmpty() && !t.startsWith("#")) all.add(Path.of(t));
            }
        }
        List<Input> out = new ArrayList<>();
        for (Path p : all) {
            if (Files.isDirectory(p)) {
                List<Path> found;
                try (Stream<Path> s = Files.walk(p)) {
                    found = s.filter(Files::isRegularFile).filter(f -> f.getFileName().toString().matches(IMAGE_SUFFIX))
                            .map(p::relativize).sorted(Comparator.comparing(Path::toString)).toList();
                }
                for (Path rel : found) out.add(new Input(p.resolve(rel), rel));
            } else {
                out.add(new Input(p, mirrored(p)));
            }
        }
        return out;
    }

    /** A path as given, kept inside an output folder. */
    static Path mirrored(Path p) {
        Path n = p.normalize();
        if (!n.isAbsolute() && !n.startsWith("..")) return n;
        Path abs = p.toAbsolutePath().normalize();
        return abs.getRoot() == null ? abs : abs.getRoot().relativize(abs);
    }

    /** Fails when two inputs would write the same output below a folder (e.g. two folders that both hold good/000.png). */
    static void requireDistinctOutputs(List<Input> inputs, String what) {
        Map<String, Input> seen = new HashMap<>();
        for (Input in : inputs) {
            Input other = seen.putIfAbsent(in.relative().toString().toLowerCase(Locale.ROOT), in);
            if (other != null && !other.file().equals(in.file()))
                throw new IllegalArgumentException(other.file() + " and " + in.file() + " would both write " + what + " "
                        + in.relative() + "; give them in separate runs or pass their common parent folder");
        }
    }
}
