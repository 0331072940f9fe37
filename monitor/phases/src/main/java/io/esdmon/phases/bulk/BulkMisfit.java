package io.esdmon.phases.bulk;

/**
 * How far a bulk's KS distance from its fitted MP law lies above what random matrices give, in standard
 * deviations of that null. Eigenvalues are rigid, so for an i.i.d. matrix KS·m grows only like log m
 * (measured on Gaussian matrices, M = 32 to 2048, Q = 1 to 8: mean 0.25 + 0.3·log₂ m, standard deviation
 * 0.35); pooling rf independent conv slices adds their deviations, which scales both by √rf.
 */
public final class BulkMisfit {

    static final double NULL_OFFSET = 0.25;
    static final double NULL_SLOPE = 0.3;
    static final double NULL_SD = 0.35;

    private BulkMisfit() {
    }

    /**
     * @param ks         KS distance between the bulk and the fitted MP law
     * @param bulkCount  eigenvalues in the bulk (pooled over slices)
     * @param rf         slices pooled (1 for dense layers)
     * @return (KS·bulkCount − null mean) / null standard deviation
     */
    public static double sigmas(double ks, int bulkCount, int rf) {
        double perSlice = Math.max(2.0, (double) bulkCount / rf);
        double scale = Math.sqrt(rf);
        double mean = scale * (NULL_OFFSET + NULL_SLOPE * Math.log(perSlice) / Math.log(2));
        return (ks * bulkCount - mean) / (scale * NULL_SD);
    }
}
