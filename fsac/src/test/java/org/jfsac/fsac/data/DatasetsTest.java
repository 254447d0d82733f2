package org.jfsac.fsac.data;

import static org.jfsac.fsac.data.Trees.files;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The registry: our three datasets, plus {@link ListedInTestJar} (and {@code pipeline.SplitLoadedOnceTest.CountingMvtec}), registered only by this module's test resources
 * the way another jar would register one (META-INF/services), without any change to the main code.
 */
class DatasetsTest {

    @TempDir
    Path root;

    @Test
    void findsOursAndOneRegisteredFromAnotherJar() throws IOException {
        assertEquals(List.of("counting-mvtec", "folder", "listed-in-test", "mvtec", "visa"), Datasets.names());
        assertInstanceOf(MvtecAdProvider.class, Datasets.named("mvtec"));
        assertInstanceOf(VisaProvider.class, Datasets.named("visa"));
        assertInstanceOf(FolderDataset.class, Datasets.named("folder"));
        assertEquals(List.of("only"), Datasets.named("listed-in-test").classes(root));
        for (Dataset d : Datasets.all()) assertTrue(!d.description().isBlank() && !d.description().contains("\n"), d.name());
    }

    @Test
    void anUnknownNameListsTheRegisteredOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Datasets.named("MVTec"));
        assertEquals("unknown dataset 'MVTec'; registered: counting-mvtec, folder, listed-in-test, mvtec, visa", e.getMessage());
    }

    @Test
    void theProvidersLoadWhatTheirLoadersLoad() throws IOException {
        files(root, "c/train/good/0.png", "c/test/good/0.png", "c/test/hole/0.png", "c/ground_truth/hole/0_mask.png");
        assertEquals(MvtecDataset.classes(root), Datasets.named("mvtec").classes(root));
        assertEquals(MvtecDataset.load(root, "c"), Datasets.named("mvtec").load(root, "c"));
        assertEquals(VisaDataset.classes(root), Datasets.named("visa").classes(root));
        assertEquals(VisaDataset.load(root, "c"), Datasets.named("visa").load(root, "c"));
    }

    /** A dataset from "someone else's jar": one class, no images. */
    public static final class ListedInTestJar implements Dataset {
        @Override public String name() { return "listed-in-test"; }

        @Override public String description() { return "registered by fsac's test resources"; }

        @Override public List<String> classes(Path root) { return List.of("only"); }

        @Override public ClassSplit load(Path root, String className) {
            return new ClassSplit(className, List.of(), List.of(), List.of());
        }
    }
}
