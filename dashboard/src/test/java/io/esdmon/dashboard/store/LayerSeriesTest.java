package io.esdmon.dashboard.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LayerSeriesTest {

    private static final double[] VALUES = new double[SeriesMetric.values().length];

    private static LayerSeries.PutResult put(LayerSeries s, long step, int phase) {
        return s.put(step, (byte) phase, VALUES, 1000 + step, RecordPosition.local(0));
    }

    private static List<Long> steps(LayerSeries s) {
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < s.size(); i++) {
            out.add(s.step(i));
        }
        return out;
    }

    @Test
    void keepsEveryPointBelowTheCapInStepOrder() {
        LayerSeries s = new LayerSeries(64);
        for (long step : new long[] {5, 1, 3, 9, 7}) {
            assertEquals(LayerSeries.PutResult.ADDED, put(s, step, 0));
        }
        assertEquals(List.of(1L, 3L, 5L, 7L, 9L), steps(s));
        assertEquals(0, s.thinnings());
    }

    @Test
    void sameIdIsADuplicateAndAnotherIdReplacesTheStep() {
        LayerSeries s = new LayerSeries(64);
        put(s, 4, 0);
        assertEquals(LayerSeries.PutResult.DUPLICATE, put(s, 4, 0));
        double[] v = VALUES.clone();
        v[SeriesMetric.ALPHA.ordinal()] = 3.5;
        assertEquals(LayerSeries.PutResult.REPLACED, s.put(4, (byte) 4, v, 77, RecordPosition.local(0)));
        assertEquals(1, s.size());
        assertEquals(4, s.phase(0));
        assertEquals(3.5, s.metric(SeriesMetric.ALPHA, 0), 1e-6);
    }

    @Test
    void neverExceedsTheCapAndKeepsTheNewestQuarterIntact() {
        int cap = 256;
        LayerSeries s = new LayerSeries(cap);
        for (long step = 0; step < 10_000; step++) {
            put(s, step, 0);
            assertTrue(s.size() <= cap, "size " + s.size() + " at step " + step);
        }
        assertTrue(s.thinnings() > 0);
        List<Long> kept = steps(s);
        // the newest quarter of the cap is at full resolution
        for (int i = 0; i < cap / 4; i++) {
            assertEquals(9_999 - i, kept.get(kept.size() - 1 - i));
        }
        assertEquals(0L, kept.get(0), "the first point survives thinning");
    }

    @Test
    void thinnedPartIsEvenlySpacedAcrossTheWholeRun() {
        int cap = 256;
        LayerSeries s = new LayerSeries(cap);
        long step = 0;
        while (s.thinnings() < 20) {
            put(s, step++, 0);
        }
        // right after a thinning: everything but the newest quarter and the point that was added is thinned
        List<Long> kept = steps(s);
        int oldCount = kept.size() - cap / 4 - 1;
        long minGap = Long.MAX_VALUE;
        long maxGap = 0;
        for (int i = 1; i < oldCount; i++) {
            long g = kept.get(i) - kept.get(i - 1);
            minGap = Math.min(minGap, g);
            maxGap = Math.max(maxGap, g);
        }
        assertTrue(minGap > 1, "the old part was thinned");
        assertTrue(maxGap <= 2 * minGap + 1, "gaps from " + minGap + " to " + maxGap);
        // the first and second half of the run's steps keep similar numbers of old points
        long half = step / 2;
        long firstHalf = kept.stream().filter(x -> x < half).count();
        assertTrue(firstHalf >= oldCount / 3, firstHalf + " of " + oldCount + " old points in the first half");
        assertTrue(s.size() <= cap * 3 / 4);
    }

    @Test
    void phaseBoundariesSurviveThinning() {
        int cap = 128;
        LayerSeries s = new LayerSeries(cap);
        // phase changes at known steps
        long[] changes = {0, 1234, 1235, 4000, 7777};
        for (long step = 0; step < 9000; step++) {
            int phase = 0;
            for (int k = 0; k < changes.length; k++) {
                if (step >= changes[k]) {
                    phase = k % 5;
                }
            }
            put(s, step, phase);
        }
        // every change is still the first point of its phase, and the point before it ends the old phase
        for (int k = 1; k < changes.length; k++) {
            int i = s.indexOf(changes[k]);
            assertTrue(i > 0, "the first point of the phase at " + changes[k] + " was kept");
            assertEquals(changes[k] - 1, s.step(i - 1), "the last point before the change at " + changes[k]);
        }
    }

    @Test
    void runsOfSnapshotsWithCorrelationTrapsKeepTheirEndsThroughThinning() {
        LayerSeries s = new LayerSeries(128);
        double[] trapped = VALUES.clone();
        trapped[SeriesMetric.CORRELATION_TRAPS.ordinal()] = 3;
        for (long step = 0; step < 9000; step++) {
            boolean traps = step >= 2000 && step <= 2500 || step == 6001;
            s.put(step, (byte) 0, traps ? trapped : VALUES, 1000 + step, RecordPosition.local(0));
        }
        assertTrue(s.thinnings() > 0);
        for (long step : new long[] {2000, 2500, 6001}) {
            int i = s.indexOf(step);
            assertTrue(i > 0 && s.trapped(i), "the snapshot at " + step + " was kept with its traps");
            assertFalse(s.trapped(i - 1) && s.trapped(i + 1), "it ends a run of snapshots with traps");
        }
        assertFalse(s.trapped(s.indexOf(2000) - 1));
        assertFalse(s.trapped(s.indexOf(2500) + 1));
    }

    @Test
    void aFlickeringPhaseStillRespectsTheCap() {
        LayerSeries s = new LayerSeries(64);
        Random r = new Random(3);
        for (long step = 0; step < 5000; step++) {
            put(s, step, r.nextInt(6));
            assertTrue(s.size() <= 64);
        }
    }

    @Test
    void nearestPicksTheClosestHeldStep() {
        LayerSeries s = new LayerSeries(64);
        put(s, 10, 0);
        put(s, 20, 1);
        assertEquals(10, s.step(s.nearest(14)));
        assertEquals(20, s.step(s.nearest(16)));
        assertEquals(10, s.step(s.nearest(-5)));
        assertEquals(20, s.step(s.nearest(99)));
        assertEquals(-1, new LayerSeries(64).nearest(3));
    }

    @Test
    void rejectsATinyCap() {
        assertThrows(IllegalArgumentException.class, () -> new LayerSeries(4));
    }
}
