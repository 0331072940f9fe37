package io.esdmon.engine.eigen;

/**
 * Whether the eigenvalues of a float64 Gram matrix are exact enough for the rank metrics, or the
 * slice needs an SVD.
 *
 * <p>The hard rank counts σ &gt; σ_max·N·ε, i.e. λ &gt; λ_max·N²·ε². Forming WᵀW and solving it
 * leaves an absolute error of about ε·λ_max on the small eigenvalues (measured ≤ 0.6·ε·λ_max on
 * square Gaussians, ≤ 0.5·M·ε·λ_max on any eigenvalue of the reference matrices), far above
 * λ_max·N²·ε²: an exactly rank-deficient W shows Gram "eigenvalues" of ±1e−16·λ_max instead of
 * zeros and would look full rank. So the Gram route is trusted only when every eigenvalue is
 * above {@code FLOOR = 1e5·ε·λ_max}: such eigenvalues are positive beyond doubt (so every σ passes
 * the rank test, which needs only λ &gt; 1e−20·λ_max for N ≤ 1e6) and carry a relative error of
 * about 1e−5 or better, so sv_min stays accurate. For M ≤ 1e5 the floor also exceeds the worst
 * error seen on any eigenvalue. Spectra reaching below it (rank-deficient or nearly so) go to the
 * SVD, whose σ carry absolute error ~ε·σ_max, as WeightWatcher's own. Square random matrices sit
 * near the floor (λ_min/λ_max ~ 1/(4N²)) and fall back a few percent of the time.
 *
 * <p>weak_rank_loss counts λ below an absolute tolerance, so an eigenvalue within the floor of
 * that tolerance also sends the slice to the SVD.
 */
final class GramResolution {

    /** The floor in units of ε·λ_max. */
    static final double FLOOR_ULPS = 1e5;

    private GramResolution() {
    }

    /**
     * @param evals          Gram eigenvalues of one slice, ascending, before any scaling
     * @param weakThreshold  the weak-rank tolerance in the same (unscaled) units
     */
    static boolean resolves(double[] evals, double weakThreshold) {
        double lambdaMax = evals[evals.length - 1];
        if (!(lambdaMax > 0)) {
            return false;
        }
        double floor = FLOOR_ULPS * HardRank.EPS64 * lambdaMax;
        if (evals[0] < floor) {
            return false;
        }
        for (double lambda : evals) {
            if (Math.abs(lambda - weakThreshold) < floor) {
                return false;
            }
        }
        return true;
    }
}
