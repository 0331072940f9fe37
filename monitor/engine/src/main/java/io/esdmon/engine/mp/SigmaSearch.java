package io.esdmon.engine.mp;

import java.util.function.DoubleUnaryOperator;

/**
 * WeightWatcher's σ search ({@code fit_density_with_range}): {@code scipy.optimize.brute} over the
 * grid s₀·(0.05 … &lt;2.0, step 0.01), then brute's default finish, a Nelder–Mead polish from the
 * grid optimum ({@link NelderMeadPolish}).
 */
final class SigmaSearch {

    static final double GRID_START = 0.05;
    static final double GRID_STOP = 2.0;
    static final double GRID_STEP = 0.01;

    private SigmaSearch() {
    }

    static SigmaTrace run(DoubleUnaryOperator objective, double sigmaScale) {
        double[] grid = grid(sigmaScale);
        int best = 0;
        double bestValue = Double.NaN;
        for (int k = 0; k < grid.length; k++) {
            double value = objective.applyAsDouble(grid[k]);
            // NumPy's argmin: the first minimum, and a NaN beats everything
            if (k == 0 || value < bestValue || Double.isNaN(value) && !Double.isNaN(bestValue)) {
                best = k;
                bestValue = value;
            }
        }
        NelderMeadPolish.Minimum polished = NelderMeadPolish.minimize(objective, grid[best]);
        return new SigmaTrace(sigmaScale, grid[best], bestValue, polished.x(), polished.value());
    }

    /**
     * The grid exactly as {@code np.mgrid[start:stop:step]} (NumPy's arange) builds it:
     * ceil((stop − start)/step) points, start + k·(x₁ − start) with x₁ = start + step.
     */
    static double[] grid(double sigmaScale) {
        double start = GRID_START * sigmaScale;
        double stop = GRID_STOP * sigmaScale;
        double step = GRID_STEP * sigmaScale;
        int length = (int) Math.ceil((stop - start) / step);
        double[] grid = new double[length];
        grid[0] = start;
        if (length > 1) {
            grid[1] = start + step;
            double delta = grid[1] - start;
            for (int k = 2; k < length; k++) {
                grid[k] = start + k * delta;
            }
        }
        return grid;
    }
}
