package io.esdmon.engine.eigen;

/**
 * The input contract of every metric kernel: a non-empty array of finite, non-negative eigenvalues
 * sorted ascending. Kernels call {@link #require} once and then rely on the order.
 */
public final class AscendingEvals {

    private AscendingEvals() {
    }

    /**
     * Checks the contract and returns the array unchanged.
     *
     * @param evals  the eigenvalues
     * @param role   what the array is, for the message (e.g. "evals", "randEvals")
     * @throws IllegalArgumentException naming the first offending entry and what to do about it
     */
    public static double[] require(double[] evals, String role) {
        if (evals == null || evals.length == 0) {
            throw new IllegalArgumentException(role + " is empty: pass at least one eigenvalue");
        }
        double previous = 0;
        for (int i = 0; i < evals.length; i++) {
            double v = evals[i];
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException(role + "[" + i + "] is " + v + ": eigenvalues must be finite");
            }
            if (v < 0) {
                throw new IllegalArgumentException(role + "[" + i + "] = " + v
                        + " is negative: eigenvalues of WᵀW are >= 0; clamp round-off negatives to 0 first");
            }
            if (i > 0 && v < previous) {
                throw new IllegalArgumentException(role + " is not ascending at index " + i + " (" + previous
                        + " > " + v + "): sort the eigenvalues ascending first");
            }
            previous = v;
        }
        return evals;
    }
}
