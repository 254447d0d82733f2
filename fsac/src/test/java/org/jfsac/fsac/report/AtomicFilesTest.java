package org.jfsac.fsac.report;

import org.jfsac.core.io.AtomicFiles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

    @TempDir
    Path dir;

    @Test
    void replacesTheFileAndLeavesNoTemporaryFile() throws IOException {
        Path file = dir.resolve("a.txt");
        AtomicFiles.writeString(file, "first");
        AtomicFiles.writeString(file, "second ±");
        assertEquals("second ±", Files.readString(file, StandardCharsets.UTF_8));
        ResultsCsvTest.assertOnlyFile(dir, "a.txt");
    }

    @Test
    void aFailedWriteKeepsTheOldContentAndRemovesItsTemporaryFile() throws IOException {
        Path file = dir.resolve("a.txt");
        AtomicFiles.writeString(file, "old");
        IOException e = assertThrows(IOException.class, () -> AtomicFiles.writeStream(file, out -> {
            out.write("half of the new".getBytes(StandardCharsets.UTF_8));
            throw new IOException("disk full");
        }));
        assertEquals(file.toAbsolutePath() + ": cannot write: disk full", e.getMessage(), "names the file (issue 11)");
        assertEquals("old", Files.readString(file));
        ResultsCsvTest.assertOnlyFile(dir, "a.txt");
    }

    @Test
    void theFileGetsTheUsualPermissionsNotOwnerOnly() throws IOException {
        Assumptions.assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"));
        Path plain = Files.createFile(dir.resolve("plain.txt")); // what the umask gives an ordinary new file
        Path file = dir.resolve("a.txt");
        AtomicFiles.writeString(file, "x");
        assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(file));
    }
}
