package io.esdmon.engine.norms;

import io.esdmon.engine.eigen.AscendingEvals;
import io.esdmon.engine.eigen.PairwiseSum;
import io.esdmon.engine.eigen.Spectrum;

/**
 * Scale and rank metrics of one layer, in WeightWatcher's column names. Norms are of the
 * eigenvalues λ = σ², so {@code norm} is the squared Frobenius norm and {@code spectralNorm} the
 * squared spectral norm; logs are base 10. Every sum runs over all eigenvalues, however small.
 *
 * @param norm            Σλ
 * @param logNorm         log10 Σλ
 * @param spectralNorm    λ_max
 * @param logSpectralNorm log10 λ_max
 * @param alphaWeighted   α · log10 λ_max
 * @param logAlphaNorm    log10 Σ λ^α
 * @param stableRank      Σλ / λ_max
 * @param matrixRank      hard rank (see {@link io.esdmon.engine.eigen.Spectrum#matrixRank()})
 * @param entropy         matrix entropy normalised by ln(matrix_rank)
 * @param rankLoss        see {@link io.esdmon.engine.eigen.Spectrum#rankLoss()}
 * @param weakRankLoss    #{λ &lt; tolerance} (absolute tolerance, 1e−6 by default)
 */
public record NormMetrics(double norm, double logNorm, double spectralNorm, double logSpectralNorm,
        double alphaWeighted, double logAlphaNorm, double stableRank, int matrixRank, double entropy, int rankLoss,
        int weakRankLoss) {

    /**
     * WeightWatcher's {@code apply_norm_metrics}.
     *
     * @param spectrum           the layer's eigenvalues with the ranks the eigen stage computed
     * @param alpha              the power-law α (−1 for a failed fit, used as is, as WeightWatcher does)
     * @param weakRankTolerance  absolute threshold of weak_rank_loss
     */
    public static NormMetrics of(Spectrum spectrum, double alpha, double weakRankTolerance) {
        if (spectrum == null) {
            throw new IllegalArgumentException("spectrum is required");
        }
        if (!(weakRankTolerance >= 0)) {
            throw new IllegalArgumentException("weakRankTolerance must be >= 0, got " + weakRankTolerance);
        }
        double[] evals = AscendingEvals.require(spectrum.evals(), "spectrum.evals");
        double norm = PairwiseSum.of(evals);
        double[] powers = new double[evals.length];
        int weak = 0;
        for (int i = 0; i < evals.length; i++) {
            powers[i] = Math.pow(evals[i], alpha);
            if (evals[i] < weakRankTolerance) {
                weak++;
            }
        }
        double lambdaMax = spectrum.lambdaMax();
        double logSpectralNorm = Math.log10(lambdaMax);
        return new NormMetrics(norm, Math.log10(norm), lambdaMax, logSpectralNorm, alpha * logSpectralNorm,
                Math.log10(PairwiseSum.of(powers)), norm / lambdaMax, spectrum.matrixRank(),
                MatrixEntropy.of(evals, norm, spectrum.matrixRank()), spectrum.rankLoss(), weak);
    }
}
