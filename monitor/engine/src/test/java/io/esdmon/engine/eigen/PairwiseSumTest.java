package io.esdmon.engine.eigen;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PairwiseSumTest {

    /** np.sum(1.0/np.arange(1, 1001)) and np.sum(np.sqrt(np.arange(1, 300.0))) in NumPy 1.24. */
    @Test
    void roundsExactlyAsNumpy() {
        double[] harmonic = new double[1000];
        for (int i = 0; i < harmonic.length; i++) {
            harmonic[i] = 1.0 / (i + 1);
        }
        assertEquals(7.485470860550345, PairwiseSum.of(harmonic));
        double[] roots = new double[299];
        for (int i = 0; i < roots.length; i++) {
            roots[i] = Math.sqrt(i + 1.0);
        }
        assertEquals(3455.23588050072, PairwiseSum.of(roots));
    }

    @Test
    void isAccurateForLongSums() {
        SplittableRandom random = new SplittableRandom(5);
        double[] x = new double[100_000];
        BigDecimal exact = BigDecimal.ZERO;
        for (int i = 0; i < x.length; i++) {
            x[i] = random.nextDouble() * Math.pow(10, random.nextInt(6));
            exact = exact.add(new BigDecimal(x[i]));
        }
        assertEquals(exact.doubleValue(), PairwiseSum.of(x), 1e-14 * exact.doubleValue());
        assertEquals(0.0, PairwiseSum.of(new double[0]));
        assertEquals(x[3] + x[4], PairwiseSum.of(x, 3, 2));
    }
}
