package io.esdmon.engine.norms;

/**
 * Scale and rank metrics of one layer, in WeightWatcher's column names. Norms are of the
 * eigenvalues λ = σ², so {@code norm} is the squared Frobenius norm and {@code spectralNorm} the
 * squared spectral norm; logs are base 10.
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
}
