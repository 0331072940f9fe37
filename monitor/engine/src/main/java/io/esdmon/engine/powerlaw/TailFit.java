package io.esdmon.engine.powerlaw;

/**
 * The best power-law fit of one ascending data range, at the xmin the KS search chose.
 *
 * @param xmin   the chosen start of the tail
 * @param xmax   the largest value of the range
 * @param alpha  continuous MLE exponent at xmin
 * @param D      KS distance at xmin
 * @param nTail  number of values at or above xmin (counted by position)
 * @param size   number of values in the searched range
 */
record TailFit(double xmin, double xmax, double alpha, double D, int nTail, int size) {

    /** The standard error of α, (α − 1)/√n_tail. */
    double sigma() {
        return (alpha - 1) / Math.sqrt(nTail);
    }
}
