package io.esdmon.engine.mp;

import io.esdmon.engine.eigen.PairwiseSum;

/**
 * WeightWatcher's MP-fit objective ({@code resid_mp}): the sum of squared differences between
 * the theoretical density for a given σ and a triangular KDE of the (rescaled) ESD, over the KDE
 * grid points where the estimate exceeds 0.01. The KDE does not depend on σ, so it is computed once.
 */
final class EsdResidual {

    static final double BANDWIDTH = 0.1;
    static final int GRID_POINTS = 1000;
    static final double GRID_MARGIN = 0.5;
    static final double MIN_DENSITY = 0.01;
    /** Every kept point's residual when λ₊ or λ₋ is implausible for the KDE's peak and extent. */
    static final double PENALTY = 1000;
    /**
     * Densities this close to the maximum count as the maximum. Between two kernel centres the
     * triangular KDE is often exactly flat; WeightWatcher takes the first point of such a plateau,
     * but summation order makes its values differ in the last bits, so exact ties cannot be relied on.
     */
    static final double PEAK_TIE = 1e-12;

    private final double[] t;
    private final double[] rho;
    private final double q;
    private final boolean quarterCircle;
    private final double tPeak;
    private final double tMax;
    /** Residuals padded with zeros to the full grid, summed in WeightWatcher's (NumPy's) order. */
    private final double[] residuals = new double[GRID_POINTS];

    private EsdResidual(double[] t, double[] rho, double q, boolean quarterCircle) {
        this.t = t;
        this.rho = rho;
        this.q = q;
        this.quarterCircle = quarterCircle;
        double max = Double.NEGATIVE_INFINITY;
        for (double v : rho) {
            max = Math.max(max, v);
        }
        int peak = 0;
        while (peak < rho.length && rho[peak] < max * (1 - PEAK_TIE)) {
            peak++;
        }
        this.tPeak = rho.length == 0 ? Double.NaN : t[peak];
        this.tMax = rho.length == 0 ? Double.NaN : t[t.length - 1];
    }

    /**
     * @param data           the fitted values, ascending: eigenvalues rescaled to mean 1, or their
     *                       square roots when Q = 1
     * @param q              N/M
     * @param quarterCircle  fit the quarter-circle law (WeightWatcher does when Q == 1)
     */
    static EsdResidual of(double[] data, double q, boolean quarterCircle) {
        double[] grid = linspace(0, data[data.length - 1] + GRID_MARGIN, GRID_POINTS);
        double[] density = TriangularKde.density(data, BANDWIDTH, grid);
        int kept = 0;
        for (double v : density) {
            if (v > MIN_DENSITY) {
                kept++;
            }
        }
        double[] t = new double[kept];
        double[] rho = new double[kept];
        for (int j = 0, k = 0; j < grid.length; j++) {
            if (density[j] > MIN_DENSITY) {
                t[k] = grid[j];
                rho[k++] = density[j];
            }
        }
        return new EsdResidual(t, rho, q, quarterCircle);
    }

    /** NumPy's linspace with endpoint: j·step, and the last point exactly {@code stop}. */
    static double[] linspace(double start, double stop, int num) {
        double step = (stop - start) / (num - 1);
        double[] grid = new double[num];
        for (int j = 0; j < num; j++) {
            grid[j] = j * step + start;
        }
        grid[num - 1] = stop;
        return grid;
    }

    /** Whether no grid point kept a density above the threshold (nothing to fit). */
    boolean isEmpty() {
        return t.length == 0;
    }

    /** The first kept grid point where the KDE is (within {@link #PEAK_TIE}) maximal. */
    double peak() {
        return tPeak;
    }

    /** The objective for one σ. */
    double sumOfSquares(double sigma) {
        if (!quarterCircle) {
            double b = MarchenkoPastur.lambdaPlus(sigma, q);
            double a = MarchenkoPastur.lambdaMinus(sigma, q);
            if (b < tPeak || b > tMax || a > tPeak) {
                return PENALTY * PENALTY * t.length;
            }
        }
        for (int j = 0; j < t.length; j++) {
            double model = quarterCircle ? MarchenkoPastur.quarterCircleDensity(t[j], sigma)
                    : MarchenkoPastur.density(t[j], q, sigma);
            double r = model - rho[j];
            residuals[j] = r * r;
        }
        return PairwiseSum.of(residuals);
    }
}
