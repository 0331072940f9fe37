package io.esdmon.engine.powerlaw;

/**
 * A power-law fit ρ(λ) ~ λ^−α of the ESD tail (Clauset–Shalizi–Newman xmin search with the
 * continuous MLE), in WeightWatcher's column names.
 *
 * @param alpha        power-law exponent α (−1 when the fit failed)
 * @param xmin         start of the fitted tail
 * @param xmax         largest eigenvalue used in the fit
 * @param D            Kolmogorov–Smirnov distance of the fit at xmin
 * @param sigma        standard error of α, (α − 1)/√n_tail (not the MP σ)
 * @param numPlSpikes  number of eigenvalues ≥ xmin
 * @param numFitted    number of eigenvalues that entered the fit (after the eigenvalue floor)
 * @param rawAlpha     α before finger clipping (equals alpha unless fix_fingers is on)
 * @param numFingers   eigenvalues clipped off the top by fix_fingers (0 when off)
 * @param status       whether the fit succeeded
 */
public record PowerLawFit(double alpha, double xmin, double xmax, double D, double sigma, int numPlSpikes,
        int numFitted, double rawAlpha, int numFingers, FitStatus status) {

    /** WeightWatcher's label: "over-trained" if α &lt; 2, "under-trained" if α &gt; 6, else "". */
    public String warning() {
        if (alpha < 2.0) {
            return "over-trained";
        }
        if (alpha > 6.0) {
            return "under-trained";
        }
        return "";
    }

    /** The record WeightWatcher reports for a failed fit: every value −1. */
    public static PowerLawFit failed(int numFitted) {
        return new PowerLawFit(-1, -1, -1, -1, -1, -1, numFitted, -1, 0, FitStatus.FAILED);
    }
}
