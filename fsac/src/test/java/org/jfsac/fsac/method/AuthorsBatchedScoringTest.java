package org.jfsac.fsac.method;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.jfsac.core.backend.Devices;
import org.jfsac.core.tensor.Tensor;
import org.jfsac.fsac.metrics.BinaryMetrics;
import org.junit.jupiter.api.Test;

import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

import static org.jfsac.fsac.method.FsacHeadReferenceTest.floats;
import static org.jfsac.fsac.method.FsacHeadReferenceTest.ints;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code --scoring batched} against the authors' own test loop: scores made by running train.py's
 * {@code evaluate()} with their ImageHead/TextHead on random heads and features (40 images, batches of 16, 16
 * and 8; resources/method/authors_evaluate/make_reference.py). Their loop adapts the text prototypes again for
 * every batch, so the three batches see T, A(T), A²(T) inside the attentions.
 */
class AuthorsBatchedScoringTest {
    private static JsonObject ref() throws Exception {
        try (var in = AuthorsBatchedScoringTest.class.getResourceAsStream("/method/authors_evaluate/authors_evaluate.json")) {
            return JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8)).getAsJsonObject();
        }
    }

    private static double[] scores(JsonObject r, FsacConfig.Scoring scoring) {
        int c = r.get("C").getAsInt();
        FsacConfig cfg = FsacConfig.preset("visa");
        cfg.alpha1 = r.get("alpha1").getAsDouble();
        cfg.alpha2 = r.get("alpha2").getAsDouble();
        cfg.beta1 = r.get("beta1").getAsDouble();
        cfg.beta2 = r.get("beta2").getAsDouble();
        cfg.gamma1 = r.get("gamma1").getAsDouble();
        cfg.tau = r.get("tau").getAsDouble();
        cfg.descriptorForm = FsacConfig.Form.CODE;
        cfg.batchedScoringSize = r.get("batch").getAsInt();
        cfg.scoring = scoring;
        FsacHead head = FsacHeadReferenceTest.headWith(c, r.getAsJsonObject("params"));
        Tensor t = Tensor.of(Devices.cpu(), floats(r.getAsJsonArray("T")), 2, c);
        float[] f = floats(r.getAsJsonArray("F"));
        return Scorer.score(head, t, Tensor.of(Devices.cpu(), f, f.length / c, c), cfg);
    }

    @Test
    void batchedScoringIsTheAuthorsEvaluateLoop() throws Exception {
        JsonObject r = ref();
        double[] mine = scores(r, FsacConfig.Scoring.BATCHED);
        float[] theirs = floats(r.getAsJsonArray("scores"));
        assertEquals(theirs.length, mine.length);
        for (int i = 0; i < mine.length; i++) {
            // float32 on both sides through three text-adapter passes, the attentions and a softmax over
            // logits of size ~1/0.07: scores agree to a few ulps of 1; 1e-6 absolute.
            assertEquals(theirs[i], mine[i], 1e-6, "score of image " + i + " (batch " + i / 16 + ")");
        }
        int[] labels = ints(r.getAsJsonArray("labels"));
        assertEquals(r.get("auroc").getAsDouble(), BinaryMetrics.auroc(mine, labels), 1e-12, "their roc_auc_score");
    }

    /** The raw prototypes for every batch (the old --scoring batched) are measurably not the authors' loop. */
    @Test
    void fixedPrototypesDifferFromTheAuthorsLoopAfterTheFirstBatch() throws Exception {
        JsonObject r = ref();
        double[] fixed = scores(r, FsacConfig.Scoring.BATCHED_FIXED);
        float[] theirs = floats(r.getAsJsonArray("scores"));
        double firstBatch = 0, later = 0;
        for (int i = 0; i < fixed.length; i++) {
            double d = Math.abs(fixed[i] - theirs[i]);
            if (i < 16) firstBatch = Math.max(firstBatch, d);
            else later = Math.max(later, d);
        }
        assertTrue(firstBatch < 1e-6, "batch 0 uses T in both: " + firstBatch);
        assertTrue(later > 1e-3, "later batches see A^n(T) in the authors' loop: max difference " + later);
    }
}
