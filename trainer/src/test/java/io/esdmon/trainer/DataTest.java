package io.esdmon.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DataTest {

    @Test
    void bundledDigitsHaveTheUciShape() {
        Dataset d = DigitsData.load();
        assertEquals(1797, d.size());
        assertEquals(64, d.numFeatures());
        int[] counts = new int[10];
        for (int y : d.labels()) {
            counts[y]++;
        }
        // the UCI test set has 174–183 samples of each digit
        for (int c = 0; c < 10; c++) {
            assertTrue(counts[c] >= 174 && counts[c] <= 183, "digit " + c + ": " + counts[c]);
        }
        float min = Float.MAX_VALUE;
        float max = -Float.MAX_VALUE;
        for (float v : d.features()) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        assertEquals(0f, min);
        assertEquals(1f, max);
        // first image of the file (a zero): row 1 is 0,0,13,15,10,15,5,0 out of 16
        assertEquals(0, d.labels()[0]);
        assertEquals(13f / 16f, d.features()[8 + 2]);
    }

    @Test
    void standardSplitIsFixedAndDisjoint() {
        DataSplit a = DigitsData.standardSplit();
        DataSplit b = DigitsData.standardSplit();
        assertEquals(1500, a.train().size());
        assertEquals(297, a.test().size());
        assertTrue(Arrays.equals(a.test().features(), b.test().features()));
        // the 1797 images are pairwise distinct, so a disjoint split leaves 1797 distinct rows
        Set<String> rows = new HashSet<>();
        for (Dataset part : new Dataset[] {a.train(), a.test()}) {
            for (int i = 0; i < part.size(); i++) {
                rows.add(Arrays.toString(Arrays.copyOfRange(part.features(), i * 64, i * 64 + 64)));
            }
        }
        assertEquals(1797, rows.size());
    }

    @Test
    void datasetRejectsInconsistentArrays() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Dataset("x", new float[5], new int[2], 3, 2));
        assertTrue(e.getMessage().contains("2 × 3"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Dataset("x", new float[6], new int[] {0, 2}, 3, 2));
    }

    @Test
    void syntheticTeacherIsDeterministicAndUsesSeveralClasses() {
        Dataset a = SyntheticData.teacher(500, 10, 5, 8, 42);
        Dataset b = SyntheticData.teacher(500, 10, 5, 8, 42);
        assertTrue(Arrays.equals(a.features(), b.features()));
        assertTrue(Arrays.equals(a.labels(), b.labels()));
        assertTrue(Arrays.stream(a.labels()).distinct().count() >= 3);
    }
}
