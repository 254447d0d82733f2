package org.jfsac.fsac.method;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The authors' selection rule (train.py 441, 495-506) on hand-made I-AUROC sequences. */
class BestEpochTrackerTest {
    /** Feeds epochs until the tracker asks to stop (as Trainer does after each epoch); returns epochs run. */
    private static int run(BestEpochTracker t, double... aurocs) {
        for (double a : aurocs) {
            t.offer(a);
            if (t.exhausted()) break;
        }
        return t.epochsSeen();
    }

    @Test
    void stopsTenEpochsAfterTheLastStrictImprovement() {
        BestEpochTracker t = new BestEpochTracker(10);
        // best at epoch 2 (0.8); ties (0.8) are no improvement; epochs 3..12 bring none, so 13 epochs run
        double[] a = {0.5, 0.7, 0.8, 0.8, 0.6, 0.8, 0.7, 0.8, 0.79, 0.8, 0.1, 0.8, 0.8, 0.95, 0.99};
        assertEquals(13, run(t, a));
        assertEquals(2, t.bestEpoch());
        assertEquals(0.8, t.bestAuroc());
    }

    @Test
    void anImprovementResetsThePatience() {
        BestEpochTracker t = new BestEpochTracker(3);
        // bests at epochs 0, 3, 6; epochs 7, 8, 9 bring none: stop after epoch 9, before the 0.9
        assertEquals(10, run(t, 0.5, 0.4, 0.4, 0.6, 0.5, 0.5, 0.61, 0.6, 0.6, 0.6, 0.9));
        assertEquals(6, t.bestEpoch());
    }

    @Test
    void patienceZeroSearchesEveryEpoch() {
        BestEpochTracker t = new BestEpochTracker(0);
        assertEquals(14, run(t, 0.9, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.95));
        assertEquals(13, t.bestEpoch());
        assertFalse(t.exhausted());
    }

    @Test
    void firstEpochIsTheFirstBest() {
        BestEpochTracker t = new BestEpochTracker(10);
        assertTrue(t.offer(0.3));
        assertFalse(t.offer(0.3));
        assertThrows(IllegalArgumentException.class, () -> new BestEpochTracker(-1));
    }
}
