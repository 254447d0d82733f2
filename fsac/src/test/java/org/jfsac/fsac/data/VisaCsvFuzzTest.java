package org.jfsac.fsac.data;

import com.code_intelligence.jazzer.junit.FuzzTest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Fuzz target (issue 11): any bytes as VisA's split_csv/1cls.csv, read for its classes and for one
 * class's split. Contract: returns or throws IOException with a bounded message, nothing else.
 */
class VisaCsvFuzzTest {
    @FuzzTest(maxDuration = "10s")
    void splitCsv(byte[] data) throws IOException {
        Path root = Files.createTempDirectory("jfsac-fuzz-visa");
        Path csv = root.resolve(VisaSplitCsv.RELATIVE_PATH);
        try {
            Files.createDirectories(csv.getParent());
            Files.write(csv, data);
            try {
                for (String cls : VisaDataset.classes(root)) VisaDataset.load(root, cls);
            } catch (IOException e) {
                if (e.getMessage() == null || e.getMessage().length() > 4096) throw new AssertionError("unbounded or empty message", e);
            }
        } finally {
            Files.deleteIfExists(csv);
            Files.deleteIfExists(csv.getParent());
            Files.deleteIfExists(root);
        }
    }
}
