package io.esdmon.engine.detx;

import io.esdmon.engine.eigen.AscendingEvals;
import io.esdmon.engine.eigen.MeanRescaled;

/**
 * The detX constraint: with eigenvalues rescaled to mean 1, the smallest tail (from the top) whose
 * product of eigenvalues first falls below 1.
 *
 * <p>WeightWatcher's column names are kept although they are swapped relative to their meaning:
 * {@code detX_val} is in original units and {@code detX_val_unrescaled} in rescaled units.
 *
 * @param detXNum             number of eigenvalues in that tail
 * @param detXVal             the eigenvalue where the tail starts, in original units
 * @param detXValUnrescaled   the same eigenvalue in rescaled (mean 1) units
 */
public record DetX(int detXNum, double detXVal, double detXValUnrescaled) {

    /**
     * WeightWatcher's {@code apply_detX}: scan idx = n−1 … 1 and stop at the first idx with
     * Π_{j≥idx} x_j &lt; 1. If none qualifies, detX_num = n and the value is x[1]; with fewer than two
     * eigenvalues or a flat spectrum, detX_num = 0 and the value is x[0]. The product is a plain
     * double product like NumPy's, so it saturates to +∞ for large spectra with many eigenvalues
     * above the mean (then no idx qualifies); {@link #ofLogSum} avoids that.
     */
    public static DetX of(double[] evalsAscending) {
        return scan(evalsAscending, false);
    }

    /**
     * The same constraint tested as Σ_{j≥idx} ln x_j &lt; 0, which cannot overflow. Equal to
     * {@link #of} whenever the product stays finite.
     */
    public static DetX ofLogSum(double[] evalsAscending) {
        return scan(evalsAscending, true);
    }

    private static DetX scan(double[] evals, boolean logSum) {
        AscendingEvals.require(evals, "evals");
        MeanRescaled rescaled = MeanRescaled.of(evals);
        double[] x = rescaled.values();
        int n = x.length;
        if (n < 2 || !(x[0] < x[n - 1])) {
            return at(rescaled, 0, 0);
        }
        double product = logSum ? 0 : 1;
        int idx = n - 1;
        for (; idx >= 1; idx--) {
            product = logSum ? product + Math.log(x[idx]) : product * x[idx];
            if (logSum ? product < 0 : product < 1.0) {
                return at(rescaled, n - idx, idx);
            }
        }
        return at(rescaled, n, 1);
    }

    private static DetX at(MeanRescaled rescaled, int num, int idx) {
        double x = rescaled.values()[idx];
        return new DetX(num, rescaled.original(x), x);
    }
}
