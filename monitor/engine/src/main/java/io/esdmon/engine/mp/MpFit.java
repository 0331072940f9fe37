package io.esdmon.engine.mp;

/**
 * A Marchenko–Pastur fit of the ESD bulk, WeightWatcher style (eigenvalues rescaled to mean 1,
 * triangular KDE, grid search over σ polished by Nelder–Mead).
 *
 * @param sigmaMp     fitted MP σ (rescaled units), after the Nelder–Mead polish
 * @param gridSigma   σ at the grid optimum, before polishing
 * @param bulkMin     λ₋ in original units
 * @param bulkMax     λ₊ in original units (the bulk edge, "lambda_plus")
 * @param numSpikes   eigenvalues beyond λ₊ plus the Tracy–Widom margin
 * @param mpSoftrank  λ₊ / λ_max (scale free; can exceed 1 for random matrices)
 * @param wScale      √(n / Σλ), the factor that rescales the mean eigenvalue to 1
 * @param tracyWidom  the Tracy–Widom margin in rescaled units
 * @param status      whether the fit succeeded (on failure the numbers are −1, as in WeightWatcher)
 */
public record MpFit(double sigmaMp, double gridSigma, double bulkMin, double bulkMax, int numSpikes,
        double mpSoftrank, double wScale, double tracyWidom, io.esdmon.engine.powerlaw.FitStatus status) {

    public static MpFit failed() {
        return new MpFit(-1, -1, -1, -1, -1, -1, -1, -1, io.esdmon.engine.powerlaw.FitStatus.FAILED);
    }
}
