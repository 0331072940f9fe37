package io.esdmon.phases.bulk;

/**
 * A Marchenko–Pastur law fitted to the bulk of an ESD with its outliers set aside.
 *
 * @param scale        the bulk's mean eigenvalue s (= N·v for entries of variance v)
 * @param lambdaMinus  lower bulk edge s·(1−√c)²
 * @param lambdaPlus   upper bulk edge λ₊ = s·(1+√c)²
 * @param edgeSigma    Tracy–Widom unit of the largest eigenvalue for this bulk
 * @param threshold    λ₊ + t·edgeSigma: eigenvalues above it are outliers
 * @param bulkCount    eigenvalues in the bulk (positive and at most the threshold)
 * @param outlierCount eigenvalues above the threshold
 * @param ks           Kolmogorov–Smirnov distance between the bulk's empirical distribution and the law
 * @param iterations   trimming rounds until the bulk stopped changing
 */
public record BulkFit(double scale, double lambdaMinus, double lambdaPlus, double edgeSigma, double threshold,
        int bulkCount, int outlierCount, double ks, int iterations) {

    /** Distance of λ beyond the edge in units of the bulk's width (λ₊ − λ₋). */
    public double separation(double lambda) {
        return (lambda - lambdaPlus) / (lambdaPlus - lambdaMinus);
    }
}
