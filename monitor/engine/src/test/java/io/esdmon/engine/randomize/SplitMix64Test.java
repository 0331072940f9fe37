package io.esdmon.engine.randomize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.DoubleBuffer;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SplitMix64Test {

    @Test
    void publishedReferenceSequence() {
        // splitmix64.c (Vigna) seeded with 1234567; unsigned outputs shown as Java longs
        SplitMix64 r = new SplitMix64(1234567);
        assertEquals(6457827717110365317L, r.nextLong());
        assertEquals(3203168211198807973L, r.nextLong());
        assertEquals(Long.parseUnsignedLong("9817491932198370423"), r.nextLong());
        assertEquals(4593380528125082431L, r.nextLong());
        assertEquals(Long.parseUnsignedLong("16408922859458223821"), r.nextLong());
    }

    @Test
    void drawsDependOnSeedLayerAndDraw() {
        long a = SplitMix64.forDraw(1, "fc1", 0).nextLong();
        assertEquals(a, SplitMix64.forDraw(1, "fc1", 0).nextLong());
        assertNotEquals(a, SplitMix64.forDraw(2, "fc1", 0).nextLong());
        assertNotEquals(a, SplitMix64.forDraw(1, "fc2", 0).nextLong());
        assertNotEquals(a, SplitMix64.forDraw(1, "fc1", 1).nextLong());
    }

    @Test
    void boundedIntsStayInRange() {
        SplitMix64 r = new SplitMix64(3);
        for (int bound : new int[] {1, 2, 3, 7, 1000, Integer.MAX_VALUE}) {
            for (int i = 0; i < 1000; i++) {
                int x = r.nextInt(bound);
                assertTrue(x >= 0 && x < bound, x + " out of [0, " + bound + ")");
            }
        }
    }

    @Test
    void fisherYatesIsUniformOverPermutations() {
        SplitMix64 r = new SplitMix64(42);
        Map<String, Integer> counts = new HashMap<>();
        int trials = 60_000;
        for (int t = 0; t < trials; t++) {
            DoubleBuffer b = DoubleBuffer.wrap(new double[] {0, 1, 2});
            Shuffle.permute(b, 3, r);
            counts.merge("" + (int) b.get(0) + (int) b.get(1) + (int) b.get(2), 1, Integer::sum);
        }
        assertEquals(6, counts.size());
        // each of the 6 permutations: mean 10000, sd ≈ 91; allow 5 sd
        counts.values().forEach(c -> assertTrue(Math.abs(c - 10_000) < 460, counts.toString()));
    }
}
