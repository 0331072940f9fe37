package io.esdmon.engine.detx;

/**
 * The detX constraint: with eigenvalues rescaled to mean 1, the smallest tail (from the top) whose
 * product of eigenvalues first falls below 1.
 *
 * @param detXNum             number of eigenvalues in that tail
 * @param detXVal             the eigenvalue where the tail starts, in original units
 * @param detXValUnrescaled   the same eigenvalue in rescaled (mean 1) units
 */
public record DetX(int detXNum, double detXVal, double detXValUnrescaled) {
}
