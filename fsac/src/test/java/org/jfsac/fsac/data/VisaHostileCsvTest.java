package org.jfsac.fsac.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.jfsac.fsac.data.Trees.files;
import static org.jfsac.fsac.data.Trees.text;
import static org.junit.jupiter.api.Assertions.*;

/** Issue 11, defects 9 and 10: split files that leave nothing to evaluate, or are not text, are errors naming file and class. */
class VisaHostileCsvTest {
    private static final String HEADER = "object,split,label,image,mask\n";

    @TempDir Path root;

    private Path csv() { return root.resolve(VisaSplitCsv.RELATIVE_PATH); }

    @Test
    void headerOnlyIsAnErrorNotAnEmptyRun() {
        text(root, VisaSplitCsv.RELATIVE_PATH, HEADER);
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> VisaDataset.classes(root));
        assertEquals(csv(), e.path());
        assertTrue(e.getMessage().contains("no data lines"), e.getMessage());
    }

    @Test
    void classWithoutTestRowsIsAnErrorNamingIt() {
        files(root, "candle/a.JPG");
        text(root, VisaSplitCsv.RELATIVE_PATH, HEADER + "candle,train,normal,candle/a.JPG,\n");
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> VisaDataset.load(root, "candle"));
        assertTrue(e.getMessage().contains(csv().toString()) && e.getMessage().contains("'candle' has no test rows"), e.getMessage());
    }

    @Test
    void nonUtf8SplitFileNamesTheFile() throws IOException {
        Files.createDirectories(csv().getParent());
        Files.write(csv(), new byte[] {'o', 'b', (byte) 0xFF, (byte) 0xFE, '\n'});
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> VisaDataset.classes(root));
        assertTrue(e.getMessage().startsWith(csv().toString()) && e.getMessage().contains("not UTF-8"), e.getMessage());
    }
}
