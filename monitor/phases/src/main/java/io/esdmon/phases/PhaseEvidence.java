package io.esdmon.phases;

import java.util.OptionalDouble;

/**
 * The signals the classifier computed for one layer, whether or not the deciding rule used them.
 * Eigenvalue quantities are in the layer's own units (λ = σ² of W).
 *
 * @param rule               the rule that settled the phase
 * @param nearZeroFraction   share of eigenvalues counted as zero (below nearZeroEpsilon × the mean eigenvalue,
 *                           or below smallEpsilon × the mean and cut off from the rest by a gap)
 * @param bulkScale          mean eigenvalue of the robustly fitted MP bulk
 * @param lambdaMinus        lower edge of that bulk
 * @param lambdaPlus         upper edge λ₊ of that bulk
 * @param edgeSigma          Tracy–Widom unit of the edge
 * @param bulkKs             KS distance between the bulk and the fitted MP law
 * @param bulkKsLimit        the KS distance above which the MP fit is rejected
 * @param numOutliers        eigenvalues beyond λ₊ + t·edgeSigma
 * @param numNearEdge        outliers less than separatedWidths bulk widths beyond λ₊
 * @param numSeparated       outliers at least that far
 * @param lambdaMax          the largest eigenvalue
 * @param topSeparation      (λ_max − λ₊) in bulk widths
 * @param topEdgeSigmas      (λ_max − λ₊) in Tracy–Widom units
 * @param shuffledOutliers   outliers of the shuffled weights' ESD (per shuffle); empty without weights
 * @param alpha              power-law exponent of the tail (scale-free fit)
 * @param alphaD             KS distance of that fit
 * @param mpSoftrank         λ₊ / λ_max of the robust fit
 * @param stableRank         Σλ / λ_max
 */
public record PhaseEvidence(DecidingRule rule, double nearZeroFraction, double bulkScale, double lambdaMinus,
        double lambdaPlus, double edgeSigma, double bulkKs, double bulkKsLimit, int numOutliers, int numNearEdge,
        int numSeparated, double lambdaMax, double topSeparation, double topEdgeSigmas,
        OptionalDouble shuffledOutliers, double alpha, double alphaD, double mpSoftrank, double stableRank) {
}
