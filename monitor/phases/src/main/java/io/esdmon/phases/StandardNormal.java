package io.esdmon.phases;

import org.apache.commons.math3.distribution.NormalDistribution;

/** Standard-normal quantiles for the margins, valid far into the tails (p down to 1e-300). */
public final class StandardNormal {

    private static final NormalDistribution NORMAL = new NormalDistribution(null, 0, 1);

    private StandardNormal() {
    }

    /** z with P(Z &gt; z) = p for a standard normal Z; ±∞ at p = 0 and p = 1. */
    public static double upperTailZ(double p) {
        if (!(p > 0)) {
            return Double.POSITIVE_INFINITY;
        }
        if (!(p < 1)) {
            return Double.NEGATIVE_INFINITY;
        }
        if (p > 0.5) {
            return -upperTailZ(1 - p);
        }
        if (p > 1e-12) {
            return -NORMAL.inverseCumulativeProbability(p);
        }
        // asymptotic inversion of Mills' ratio; error below 1e-3 from here on
        double l = -2 * Math.log(p);
        double z = Math.sqrt(l - Math.log(l) - Math.log(2 * Math.PI));
        for (int i = 0; i < 3; i++) {
            z = Math.sqrt(l - Math.log(2 * Math.PI) - 2 * Math.log(z) + 2 * Math.log1p(-1 / (z * z)));
        }
        return z;
    }
}
