package org.jfsac.fsac.method;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The method registry: what a run evaluates by default, how --methods names resolve, the scores-file columns. */
class MethodsTest {

    @Test
    void theRegisteredMethodsInTheirOrderAndWhatEachNeeds() {
        assertEquals(List.of("CLIP-AC", "CLIP-FSAC++", "kNN"), Methods.names());
        assertEquals(List.of(Method.Needs.NOTHING, Method.Needs.TRAINED_HEAD, Method.Needs.SHOTS),
                Methods.all().stream().map(Method::needs).toList());
        assertEquals(Methods.names(), Methods.select(null).stream().map(Method::name).toList(), "default: all of them");
    }

    @Test
    void namesMatchIgnoringCaseInTheOrderGiven() {
        assertEquals(List.of("kNN", "CLIP-AC"), Methods.select(List.of("knn", "clip-ac")).stream().map(Method::name).toList());
        assertEquals("CLIP-FSAC++", Methods.named("clip-fsac++").name());
    }

    @Test
    void unknownEmptyOrRepeatedSelectionsAreOneLineErrors() {
        assertEquals("unknown method 'knn2'; registered: CLIP-AC, CLIP-FSAC++, kNN",
                assertThrows(IllegalArgumentException.class, () -> Methods.select(List.of("knn2"))).getMessage());
        assertEquals("method 'KNN' is selected twice",
                assertThrows(IllegalArgumentException.class, () -> Methods.select(List.of("knn", "KNN"))).getMessage());
        assertThrows(IllegalArgumentException.class, () -> Methods.select(List.of()));
    }

    @Test
    void scoresFileColumnsKeepTheirNames() {
        assertEquals("clip_fsac_pp", Methods.column("CLIP-FSAC++"));
        assertEquals("clip_ac", Methods.column("CLIP-AC"));
        assertEquals("knn", Methods.column("kNN"));
        assertEquals("patchcore_1_nn", Methods.column("PatchCore 1-NN"));
    }
}
