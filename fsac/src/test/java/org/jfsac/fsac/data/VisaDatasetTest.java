package org.jfsac.fsac.data;

import static org.jfsac.fsac.data.Trees.files;
import static org.jfsac.fsac.data.Trees.rel;
import static org.jfsac.fsac.data.Trees.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VisaDatasetTest {

    private static final String HEADER = "object,split,label,image,mask\n";

    @TempDir
    Path root;

    /** The raw layout: rows deliberately out of order, one anomaly without a mask file, one without a mask name. */
    private void rawTree() {
        files(root, "candle/Data/Images/Normal/0000.JPG", "candle/Data/Images/Normal/0001.JPG",
                "candle/Data/Images/Normal/0002.JPG", "candle/Data/Images/Normal/0003.JPG",
                "candle/Data/Images/Anomaly/000.JPG", "candle/Data/Images/Anomaly/001.JPG",
                "candle/Data/Images/Anomaly/002.JPG", "candle/Data/Masks/Anomaly/000.png",
                "pipe fryer/Data/Images/Normal/0000.JPG", "pipe fryer/Data/Images/Anomaly/000.JPG",
                "pipe fryer/Data/Images/Normal/0001.JPG");
        text(root, "split_csv/1cls.csv", HEADER
                + "candle,train,normal,candle/Data/Images/Normal/0002.JPG,\n"
                + "candle,train,normal,candle/Data/Images/Normal/0000.JPG,\n"
                + "candle,test,anomaly,candle/Data/Images/Anomaly/001.JPG,candle/Data/Masks/Anomaly/001.png\n"
                + "candle,test,anomaly,candle/Data/Images/Anomaly/000.JPG,candle/Data/Masks/Anomaly/000.png\n"
                + "candle,test,normal,candle/Data/Images/Normal/0003.JPG,\n"
                + "candle,train,normal,candle/Data/Images/Normal/0001.JPG,\n"
                + "candle,test,anomaly,candle/Data/Images/Anomaly/002.JPG,\n"
                + "\n"
                + "pipe fryer,train,normal,pipe fryer/Data/Images/Normal/0000.JPG,\n"
                + "pipe fryer,test,normal,pipe fryer/Data/Images/Normal/0001.JPG,\n"
                + "pipe fryer,test,anomaly,pipe fryer/Data/Images/Anomaly/000.JPG,\n");
    }

    @Test
    void rawLayoutLoadsFromTheSplitFile() throws IOException {
        rawTree();
        assertEquals(VisaDataset.Layout.SPLIT_CSV, VisaDataset.detect(root));
        assertEquals(List.of("candle", "pipe fryer"), VisaDataset.classes(root));

        ClassSplit split = VisaDataset.load(root, "candle");
        assertEquals(List.of("0000.JPG", "0001.JPG", "0002.JPG"),
                split.train().stream().map(s -> s.image().getFileName().toString()).toList());
        List<Sample> test = split.test();
        assertEquals(List.of("candle/Data/Images/Anomaly/000.JPG", "candle/Data/Images/Anomaly/001.JPG",
                "candle/Data/Images/Anomaly/002.JPG", "candle/Data/Images/Normal/0003.JPG"),
                test.stream().map(s -> rel(root, s.image())).toList());
        assertEquals(List.of(1, 1, 1, 0), test.stream().map(Sample::label).toList());
        assertEquals(List.of("anomaly", "anomaly", "anomaly", "good"), test.stream().map(Sample::defectType).toList());
        assertEquals("candle/Data/Masks/Anomaly/000.png", rel(root, test.get(0).mask()));
        assertNull(test.get(1).mask());
        assertNull(test.get(2).mask());

        assertEquals(2, split.warnings().size(), split.warnings().toString());
        assertTrue(split.warnings().get(0).contains(root.resolve("candle/Data/Masks/Anomaly/001.png").toString()));
        assertTrue(split.warnings().get(0).contains("line 4"));
        assertTrue(split.warnings().get(1).contains("line 8"));
        assertTrue(split.warnings().get(1).contains("has no mask"));
    }

    @Test
    void splitFileWinsAndLayoutCanBeForced() throws IOException {
        rawTree();
        files(root, "candle/train/good/x.png", "candle/test/good/y.png");
        assertEquals(VisaDataset.Layout.SPLIT_CSV, VisaDataset.detect(root));
        ClassSplit forced = VisaDataset.load(root, "candle", VisaDataset.Layout.MVTEC_STYLE);
        assertEquals("x.png", forced.train().get(0).image().getFileName().toString());
    }

    @Test
    void mvtecStyleTreeIsDelegated() throws IOException {
        files(root, "pcb1/train/good/000.JPG", "pcb1/train/good/001.JPG", "pcb1/test/good/002.JPG",
                "pcb1/test/bad/000.JPG", "pcb1/ground_truth/bad/000.png", "macaroni1/train/good/000.JPG",
                "macaroni1/test/good/000.JPG");
        assertEquals(VisaDataset.Layout.MVTEC_STYLE, VisaDataset.detect(root));
        assertEquals(List.of("macaroni1", "pcb1"), VisaDataset.classes(root));
        ClassSplit split = VisaDataset.load(root, "pcb1");
        assertEquals(2, split.train().size());
        assertEquals("bad", split.test().get(0).defectType());
        assertEquals("pcb1/ground_truth/bad/000.png", rel(root, split.test().get(0).mask()));
    }

    @Test
    void neitherLayoutIsAnErrorNamingTheSplitFile() {
        files(root, "candle/Data/Images/Normal/0000.JPG");
        NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> VisaDataset.load(root, "candle"));
        assertTrue(e.getMessage().contains(root.resolve("split_csv/1cls.csv").toString()), e.getMessage());
        assertThrows(NoSuchFileException.class, () -> VisaDataset.detect(root.resolve("nowhere")));
    }

    private DatasetFormatException badCsv(String body) {
        text(root, "split_csv/1cls.csv", body);
        return assertThrows(DatasetFormatException.class, () -> VisaDataset.load(root, "candle"));
    }

    @Test
    void malformedSplitFilesAreErrorsNamingFileAndLine() {
        files(root, "candle/a.JPG");
        Path csv = root.resolve("split_csv/1cls.csv");
        DatasetFormatException e = badCsv("object,split,label,image\ncandle,train,normal,candle/a.JPG\n");
        assertEquals(csv, e.path());
        assertTrue(e.getMessage().contains("lacks column 'mask'"), e.getMessage());
        assertTrue(badCsv(HEADER + "candle,train,good,candle/a.JPG,\n").getMessage()
                .contains("line 2: label 'good'"));
        assertTrue(badCsv(HEADER + "candle,val,normal,candle/a.JPG,\n").getMessage().contains("line 2: split 'val'"));
        assertTrue(badCsv(HEADER + "candle,train,normal\n").getMessage().contains("line 2 has 3 fields"));
        assertTrue(badCsv(HEADER + "\"candle\",train,normal,candle/a.JPG,\n").getMessage().contains("quoted"));
        assertTrue(badCsv(HEADER + "candle,train,anomaly,candle/a.JPG,\n").getMessage()
                .contains("in the train split"));
        assertTrue(badCsv(HEADER + "candle,test,normal,candle/a.JPG,\n").getMessage().contains("no train rows"));
        assertTrue(badCsv(HEADER + "cashew,train,normal,candle/a.JPG,\n").getMessage()
                .contains("objects there: [cashew]"));
        assertTrue(badCsv("").getMessage().contains("empty file"));
    }

    @Test
    void listedImageThatDoesNotExistIsAnError() {
        text(root, "split_csv/1cls.csv", HEADER + "candle,train,normal,candle/Data/Images/Normal/9999.JPG,\n");
        NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> VisaDataset.load(root, "candle"));
        assertTrue(e.getMessage().contains(root.resolve("candle/Data/Images/Normal/9999.JPG").toString()));
        assertTrue(e.getMessage().contains("line 2"));
    }

    @Test
    void headerColumnsAreFoundByNameAndBomIsIgnored() throws IOException {
        files(root, "c/n.JPG", "c/a.JPG");
        text(root, "split_csv/1cls.csv", "\uFEFFsplit,object,image,mask,label\r\n"
                + "train,c,c/n.JPG,,normal\r\ntest,c,c/a.JPG,,anomaly\r\n");
        ClassSplit split = VisaDataset.load(root, "c");
        assertEquals(1, split.train().size());
        assertEquals(1, split.test().get(0).label());
    }
}
