package io.esdmon.engine.norms;

import io.esdmon.engine.eigen.PairwiseSum;

/**
 * WeightWatcher's matrix entropy: the Shannon entropy of the normalised spectrum, divided by its
 * maximum for the matrix's rank, so 1 means all rank directions carry equal energy.
 */
public final class MatrixEntropy {

    /** Added to every p_i and to the rank (WeightWatcher's EPSILON on CPU). */
    static final double EPSILON = 1e-10;

    private MatrixEntropy() {
    }

    /**
     * H = −Σ p_i ln p_i / ln(rank + ε) with p_i = λ_i/Σλ + ε over all eigenvalues.
     *
     * @param evals       the eigenvalues
     * @param sum         Σλ
     * @param matrixRank  the hard rank
     */
    public static double of(double[] evals, double sum, int matrixRank) {
        double[] terms = new double[evals.length];
        for (int i = 0; i < evals.length; i++) {
            double p = evals[i] / sum + EPSILON;
            terms[i] = p * Math.log(p);
        }
        return -PairwiseSum.of(terms) / Math.log(matrixRank + EPSILON);
    }
}
