package io.esdmon.engine.randomize;

import io.esdmon.engine.eigen.PairwiseSum;

/**
 * Jensen–Shannon distance between two non-negative vectors read as probability vectors, natural
 * log, as WeightWatcher's {@code jensen_shannon_distance} (built on {@code scipy.stats.entropy}):
 * with m = (a+b)/2, √((KL(a/Σa ‖ m/Σm) + KL(b/Σb ‖ m/Σm))/2). Symmetric, 0 for proportional
 * vectors, at most √ln 2.
 */
public final class JensenShannon {

    private JensenShannon() {
    }

    /**
     * @param a  non-negative weights
     * @param b  non-negative weights of the same length
     * @return the distance; NaN when either vector sums to 0 (as SciPy), e.g. for an all-zero layer
     */
    public static double distance(double[] a, double[] b) {
        if (a == null || b == null || a.length != b.length || a.length == 0) {
            throw new IllegalArgumentException("Jensen–Shannon distance needs two non-empty vectors of equal length, got "
                    + (a == null ? "null" : a.length) + " and " + (b == null ? "null" : b.length));
        }
        double[] m = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            if (!(a[i] >= 0 && b[i] >= 0 && Double.isFinite(a[i]) && Double.isFinite(b[i]))) {
                throw new IllegalArgumentException("weights must be finite and >= 0, got " + a[i] + " and " + b[i]
                        + " at index " + i);
            }
            m[i] = (a[i] + b[i]) / 2;
        }
        double divergence = (klDivergence(a, m) + klDivergence(b, m)) / 2;
        // ≥ 0 in exact arithmetic; rounding can leave −1e−17 for (nearly) proportional vectors,
        // where SciPy's square root gives NaN
        return divergence < 0 ? 0 : Math.sqrt(divergence);
    }

    /** KL(p/Σp ‖ q/Σq), natural log, with 0 ln 0 = 0 (SciPy's {@code entropy(p, q)}). */
    static double klDivergence(double[] p, double[] q) {
        double sumP = PairwiseSum.of(p);
        double sumQ = PairwiseSum.of(q);
        if (!(sumP > 0 && sumQ > 0)) {
            return Double.NaN;
        }
        double[] terms = new double[p.length];
        for (int i = 0; i < p.length; i++) {
            double pi = p[i] / sumP;
            double qi = q[i] / sumQ;
            terms[i] = pi > 0 ? pi * Math.log(pi / qi) : 0;
        }
        return PairwiseSum.of(terms);
    }
}
