package io.esdmon.engine.eigen;

/**
 * The empirical spectral density of one layer: the eigenvalues λ = σ² of WᵀW (no 1/N factor),
 * pooled over conv slices and scaled as configured, sorted ascending, together with the shape
 * facts and the rank figures that need singular-value precision to be right.
 *
 * @param evals       eigenvalues, ascending
 * @param n           the larger matrix dimension (per slice)
 * @param m           the smaller matrix dimension (per slice)
 * @param rf          receptive field: number of pooled slices (kh·kw for conv2d, 1 for dense)
 * @param matrixRank  hard rank: #{σ > σ_max · N · ε64} over all pooled singular values
 * @param rankLoss    Σ over slices of (#σ − #{σ > σ_max,slice · N · ε64})
 * @param svMax       largest singular value (after conv scaling)
 * @param svMin       largest of the per-slice smallest singular values (WeightWatcher's sv_min)
 * @param path        how the eigenvalues were computed
 */
public record Spectrum(double[] evals, int n, int m, int rf, int matrixRank, int rankLoss, double svMax,
        double svMin, EigenPath path) {

    public Spectrum {
        if (evals == null || evals.length == 0) {
            throw new IllegalArgumentException("a spectrum needs at least one eigenvalue");
        }
    }

    /** Q = N / M, the aspect ratio of one slice. */
    public double q() {
        return (double) n / m;
    }

    public int numEvals() {
        return evals.length;
    }

    /** λ_max, the largest eigenvalue (WeightWatcher's lambda_max and spectral_norm). */
    public double lambdaMax() {
        return evals[evals.length - 1];
    }
}
