package io.esdmon.engine.eigen;

/**
 * WeightWatcher's hard rank: the number of singular values above σ_max·N·ε64, NumPy's default
 * {@code matrix_rank} tolerance.
 */
public final class HardRank {

    /** ε64 = 2^−52, NumPy's {@code finfo(float64).eps}. */
    public static final double EPS64 = Math.ulp(1.0);

    private HardRank() {
    }

    /** #{σ &gt; σ_max·n·ε64} over the given singular values. */
    public static int ofSingularValues(double[] sigmas, int n) {
        double max = 0;
        for (double s : sigmas) {
            max = Math.max(max, s);
        }
        double tolerance = max * n * EPS64;
        int rank = 0;
        for (double s : sigmas) {
            if (s > tolerance) {
                rank++;
            }
        }
        return rank;
    }

    /** The same count with σ = √λ; negative λ (rounding noise) never count. */
    public static int ofEigenvalues(double[] evals, int n) {
        double[] sigmas = new double[evals.length];
        for (int i = 0; i < evals.length; i++) {
            sigmas[i] = evals[i] > 0 ? Math.sqrt(evals[i]) : 0;
        }
        return ofSingularValues(sigmas, n);
    }
}
