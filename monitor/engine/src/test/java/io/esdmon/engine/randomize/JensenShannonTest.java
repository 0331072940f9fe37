package io.esdmon.engine.randomize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class JensenShannonTest {

    @Test
    void zeroForIdenticalOrProportionalVectors() {
        double[] a = {0.1, 0.5, 2, 7};
        assertEquals(0, JensenShannon.distance(a, a), 1e-12);
        assertEquals(0, JensenShannon.distance(a, new double[] {0.3, 1.5, 6, 21}), 1e-8);
    }

    @Test
    void symmetricAndAtMostRootLnTwo() {
        double[] a = {0.1, 0.5, 2, 7};
        double[] b = {3, 0.2, 0.2, 1};
        assertEquals(JensenShannon.distance(a, b), JensenShannon.distance(b, a), 1e-15);
        assertEquals(Math.sqrt(Math.log(2)), JensenShannon.distance(new double[] {1, 0}, new double[] {0, 1}), 1e-15);
    }

    @Test
    void handComputedValue() {
        // p = (1, 0), q = (½, ½), m = (1, ½)/1.5 = (⅔, ⅓)
        double klP = Math.log(1.5);
        double klQ = 0.5 * Math.log(0.75) + 0.5 * Math.log(1.5);
        assertEquals(Math.sqrt((klP + klQ) / 2), JensenShannon.distance(new double[] {1, 0}, new double[] {1, 1}), 1e-15);
    }

    @Test
    void undefinedForAZeroVectorAndRejectsMismatchedOrNegativeInput() {
        assertEquals(Double.NaN, JensenShannon.distance(new double[] {0, 0}, new double[] {1, 1}));
        assertThrows(IllegalArgumentException.class, () -> JensenShannon.distance(new double[] {1}, new double[] {1, 2}));
        assertThrows(IllegalArgumentException.class, () -> JensenShannon.distance(new double[] {-1, 2}, new double[] {1, 2}));
    }
}
