package io.esdmon.phases.bulk;

/**
 * The Tracy–Widom scale of the largest eigenvalue of WᵀW for an N×M matrix with i.i.d. entries
 * of variance v (Johnstone 2001): λ_max ≈ v(√N+√M)² + v(√N+√M)(1/√N+1/√M)^{1/3}·TW₁. An
 * eigenvalue a few of these units beyond the bulk edge is unlikely to be a fluctuation of the edge.
 */
public final class EdgeFluctuation {

    private EdgeFluctuation() {
    }

    /**
     * The Tracy–Widom unit for a bulk whose mean eigenvalue is {@code scale} (= N·v).
     *
     * @param scale mean eigenvalue of the bulk
     * @param n     larger dimension
     * @param m     smaller dimension
     */
    public static double sigma(double scale, int n, int m) {
        double v = scale / n;
        double rn = Math.sqrt(n);
        double rm = Math.sqrt(m);
        return v * (rn + rm) * Math.cbrt(1 / rn + 1 / rm);
    }
}
