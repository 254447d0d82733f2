package org.jfsac.fsac.api;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Head files as bytes, through a private temporary file: the safetensors reader works on files, and a
 * head is a few MB at most, so one copy through the temp folder costs little and keeps one file format.
 */
final class HeadBytes {
    private HeadBytes() {}

    interface Writer { void write(Path file) throws IOException; }

    interface Reader<T> { T read(Path file) throws IOException; }

    static byte[] of(Writer w) throws IOException {
        Path dir = Files.createTempDirectory("jfsac-head");
        try {
            Path f = dir.resolve("head.safetensors");
            w.write(f);
            return Files.readAllBytes(f);
        } finally {
            deleteTree(dir);
        }
    }

    static <T> T with(byte[] bytes, Reader<T> r) throws IOException {
        Path dir = Files.createTempDirectory("jfsac-head");
        try {
            Path f = dir.resolve("head.safetensors");
            Files.write(f, bytes);
            return r.read(f);
        } finally {
            deleteTree(dir);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var s = Files.list(dir)) {
            for (Path p : s.toList()) Files.deleteIfExists(p);
        }
        Files.deleteIfExists(dir);
    }
}
