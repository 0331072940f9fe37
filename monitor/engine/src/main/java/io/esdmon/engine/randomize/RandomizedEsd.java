package io.esdmon.engine.randomize;

import io.esdmon.engine.mp.MpFit;

/**
 * The ESD of the layer's weights with their entries shuffled, compared with the real ESD. A
 * shuffled matrix keeps the element distribution but destroys correlations; eigenvalues of the real
 * layer far beyond the shuffled spectrum are learned structure, and shuffled eigenvalues far beyond
 * the shuffled MP bulk are correlation traps.
 *
 * @param randEvals     eigenvalues of the shuffled weights, ascending (replicas pooled)
 * @param maxRandEval   largest shuffled eigenvalue
 * @param randMpFit     MP fit of the shuffled spectrum; its numSpikes is num_rand_spikes (correlation traps)
 * @param randDistance  Jensen–Shannon distance between the sorted real and shuffled eigenvalue vectors
 * @param wwSoftrank    max shuffled eigenvalue / λ_max
 * @param wwMaxdist     λ_max − max shuffled eigenvalue
 */
public record RandomizedEsd(double[] randEvals, double maxRandEval, MpFit randMpFit, double randDistance,
        double wwSoftrank, double wwMaxdist) {

    /** WeightWatcher's num_rand_spikes: the number of correlation traps. */
    public int numRandSpikes() {
        return randMpFit.numSpikes();
    }
}
