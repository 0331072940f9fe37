package io.esdmon.engine.detx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.esdmon.engine.mp.MpSamples;
import org.junit.jupiter.api.Test;

class DetXTest {

    @Test
    void smallestTopTailWhoseProductFallsBelowOne() {
        // mean 2, so x = 0.25, 0.5, 0.75, 1, 2.5; products from the top: 2.5, 2.5, 1.875, 0.9375 < 1 at idx 1
        DetX d = DetX.of(new double[] {0.5, 1, 1.5, 2, 5});
        assertEquals(4, d.detXNum());
        assertEquals(1.0, d.detXVal(), 1e-15);
        assertEquals(0.5, d.detXValUnrescaled(), 1e-15);
        assertEquals(d, DetX.ofLogSum(new double[] {0.5, 1, 1.5, 2, 5}));
    }

    @Test
    void whenNoTailQualifiesEveryEigenvalueCountsAndTheValueIsTheSecond() {
        // x = 0.1, 1.9: the only product tested, 1.9, is not below 1
        DetX d = DetX.of(new double[] {1, 19});
        assertEquals(2, d.detXNum());
        assertEquals(19, d.detXVal(), 1e-12);
        assertEquals(1.9, d.detXValUnrescaled(), 1e-15);
    }

    @Test
    void flatOrSingleSpectraGiveZero() {
        assertEquals(new DetX(0, 3.0, 1.0), DetX.of(new double[] {3, 3, 3}));
        assertEquals(0, DetX.of(new double[] {7}).detXNum());
    }

    @Test
    void theProductOverflowsOnLargeSpectraAsInWeightWatcherButTheLogSumDoesNot() {
        // 15000 quarter-circle eigenvalues: Σ ln x over x > 1 is in the thousands, so Π x = +∞
        double[] evals = MpSamples.quarterCircleEigenvalues(15000);
        DetX product = DetX.of(evals);
        DetX logSum = DetX.ofLogSum(evals);
        assertEquals(15000, product.detXNum());
        assertTrue(logSum.detXNum() > 0 && logSum.detXNum() < 15000, "log-sum tail " + logSum.detXNum());
        assertTrue(logSum.detXValUnrescaled() < 1, "the tail reaches below the mean");
    }
}
