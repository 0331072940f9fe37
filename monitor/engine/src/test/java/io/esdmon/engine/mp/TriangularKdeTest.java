package io.esdmon.engine.mp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TriangularKdeTest {

    /** Values from scikit-learn 1.2.1: exp(KernelDensity(kernel='linear', bandwidth=0.1).score_samples(t)). */
    @Test
    void matchesScikitLearnsLinearKernel() {
        double[] data = {0.3, 0.35, 1.0, 1.02, 1.5};
        double[] t = {0.0, 0.3, 0.32, 0.33, 0.4, 1.01, 1.55, 1.6};
        double[] sklearn = {0.0, 2.999999999999999, 3.0000000000000004, 2.999999999999999, 0.9999999999999989,
            3.5999999999999996, 0.9999999999999989, 0.0};
        assertArrayEquals(sklearn, TriangularKde.density(data, 0.1, t), 1e-14);
    }

    @Test
    void integratesToOneAndEqualsTheDirectSum() {
        SplittableRandom random = new SplittableRandom(3);
        double[] data = new double[2000];
        for (int i = 0; i < data.length; i++) {
            data[i] = Math.pow(random.nextDouble(), 2) * 4;
        }
        Arrays.sort(data);
        double h = 0.1;
        double[] grid = EsdResidual.linspace(-0.5, 4.5, 20001);
        double[] rho = TriangularKde.density(data, h, grid);
        double integral = 0;
        for (int j = 1; j < grid.length; j++) {
            integral += (rho[j] + rho[j - 1]) / 2 * (grid[j] - grid[j - 1]);
        }
        assertEquals(1, integral, 1e-6);
        for (int j = 0; j < grid.length; j += 97) {
            double direct = 0;
            for (double d : data) {
                direct += Math.max(0, 1 - Math.abs(grid[j] - d) / h);
            }
            assertEquals(direct / (data.length * h), rho[j], 1e-12, "t=" + grid[j]);
        }
    }

    @Test
    void rejectsAnEmptySampleOrABadBandwidth() {
        assertThrows(IllegalArgumentException.class, () -> TriangularKde.density(new double[0], 0.1, new double[] {0}));
        assertThrows(IllegalArgumentException.class, () -> TriangularKde.density(new double[] {1}, 0, new double[] {0}));
    }
}
