package io.esdmon.engine.randomize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.esdmon.engine.mp.MpFit;
import io.esdmon.engine.mp.MpFitter;
import io.esdmon.engine.mp.MpSamples;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class RandomizedEsdTest {

    @Test
    void structureBeyondTheShuffledSpectrumShowsInEveryMetric() {
        double[] shuffled = MpSamples.mpEigenvalues(2, 1, 500);
        double[] real = Arrays.copyOf(shuffled, 500);
        real[499] = 30; // one learned direction far beyond the shuffled bulk
        RandomizedEsd r = RandomizedEsd.of(real, shuffled, shuffled, 1000, 500);
        double maxShuffled = shuffled[499];
        assertSame(shuffled, r.randEvals());
        assertEquals(maxShuffled, r.maxRandEval());
        assertEquals(maxShuffled / 30, r.wwSoftrank(), 1e-15);
        assertEquals(30 - maxShuffled, r.wwMaxdist(), 1e-15);
        assertTrue(r.randDistance() > 0.01, "distance " + r.randDistance());
        MpFit expected = MpFitter.fit(shuffled, 1000, 500);
        assertEquals(expected, r.randMpFit());
        assertEquals(0, r.numRandSpikes(), "a shuffled MP spectrum has no correlation traps");
    }

    @Test
    void pooledReplicasMayOutnumberTheEigenvaluesButTheDistanceShuffleMayNot() {
        double[] real = MpSamples.mpEigenvalues(4, 1, 20);
        double[] pooled = MpSamples.mpEigenvalues(4, 1, 100);
        RandomizedEsd r = RandomizedEsd.of(real, pooled, real, 80, 20);
        assertEquals(0, r.randDistance(), 1e-12);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RandomizedEsd.of(real, pooled, pooled, 80, 20));
        assertTrue(e.getMessage().contains("single-replica"), e.getMessage());
    }
}
