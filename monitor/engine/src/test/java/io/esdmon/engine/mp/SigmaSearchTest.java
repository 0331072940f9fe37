package io.esdmon.engine.mp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The σ search against NumPy 1.24 / SciPy 1.10 run on the same inputs (values quoted below). */
class SigmaSearchTest {

    /** len, [1], [100] and [-1] of np.mgrid[slice(0.05*s, 2.0*s, 0.01*s)]. */
    @ParameterizedTest
    @CsvSource({
        "1.0, 195, 0.060000000000000005, 1.0500000000000003, 1.9900000000000004",
        "0.9341490717516461, 196, 0.05604894430509877, 0.9808565253392287, 1.8682981435032926",
        "0.7, 196, 0.041999999999999996, 0.735, 1.3999999999999997",
        "3.3, 195, 0.198, 3.4650000000000003, 6.567"})
    void gridIsNumpysArange(double s, int length, double second, double hundredth, double last) {
        double[] grid = SigmaSearch.grid(s);
        assertEquals(length, grid.length);
        assertEquals(0.05 * s, grid[0]);
        assertEquals(second, grid[1]);
        assertEquals(hundredth, grid[100]);
        assertEquals(last, grid[grid.length - 1]);
    }

    /**
     * scipy.optimize.fmin(f, 2.0, xtol=1e-4, ftol=1e-4) with f(x) = (x − 3)² + ½ sin 3x returns
     * x = 3.4504882812500037, f = −0.19687773394708272; for f(x) = (x − 3)², x = 3.0000000000000027.
     */
    @Test
    void polishRetracesScipyFmin() {
        NelderMeadPolish.Minimum wavy = NelderMeadPolish.minimize(x -> (x - 3) * (x - 3) + 0.5 * Math.sin(3 * x), 2.0);
        assertEquals(3.4504882812500037, wavy.x(), 1e-12);
        assertEquals(-0.19687773394708272, wavy.value(), 1e-12);
        NelderMeadPolish.Minimum bowl = NelderMeadPolish.minimize(x -> (x - 3) * (x - 3), 2.0);
        assertEquals(3.0000000000000027, bowl.x(), 1e-12);
    }

    @Test
    void polishStopsAtOnceWhenTheStartSimplexHasConverged() {
        int[] calls = {0};
        NelderMeadPolish.Minimum m = NelderMeadPolish.minimize(x -> {
            calls[0]++;
            return 0.0;
        }, 1e-3);
        assertEquals(1e-3, m.x());
        assertEquals(2, calls[0]);
    }

    @Test
    void searchReportsTheGridOptimumAndThePolishedOne() {
        SigmaTrace trace = SigmaSearch.run(s -> (s - 1.234) * (s - 1.234), 1.0);
        assertEquals(1.23, trace.gridSigma(), 1e-12);
        assertEquals(1.234, trace.sigma(), 1e-4);
        assertEquals(1.0, trace.sigmaScale());
    }
}
