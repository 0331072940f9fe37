package io.esdmon.engine.randomize;

import io.esdmon.engine.eigen.AscendingEvals;
import io.esdmon.engine.mp.MpFit;
import io.esdmon.engine.mp.MpFitter;

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

    /**
     * WeightWatcher's {@code apply_random_esd} plus {@code apply_mp_fit(random=True)}.
     *
     * @param evalsAscending          the layer's eigenvalues
     * @param randEvalsAscending      eigenvalues of the shuffled weights, replicas pooled: gives
     *                                max_rand_eval and the shuffled MP fit
     * @param distanceEvalsAscending  eigenvalues of one single-replica shuffle, as many as
     *                                {@code evalsAscending}: gives rand_distance, ww_softrank and
     *                                ww_maxdist (WeightWatcher draws a second shuffle for these; the
     *                                same one as randEvals may be passed when it has one replica)
     * @param n                       N of one slice, for the shuffled MP fit
     * @param m                       M of one slice
     */
    public static RandomizedEsd of(double[] evalsAscending, double[] randEvalsAscending,
            double[] distanceEvalsAscending, int n, int m) {
        AscendingEvals.require(evalsAscending, "evals");
        AscendingEvals.require(randEvalsAscending, "randEvals");
        AscendingEvals.require(distanceEvalsAscending, "distanceEvals");
        if (distanceEvalsAscending.length != evalsAscending.length) {
            throw new IllegalArgumentException("distanceEvals has " + distanceEvalsAscending.length
                    + " eigenvalues but evals has " + evalsAscending.length
                    + ": rand_distance compares index-aligned vectors; pass a single-replica shuffle");
        }
        double lambdaMax = evalsAscending[evalsAscending.length - 1];
        double maxDistance = distanceEvalsAscending[distanceEvalsAscending.length - 1];
        return new RandomizedEsd(randEvalsAscending, randEvalsAscending[randEvalsAscending.length - 1],
                MpFitter.fit(randEvalsAscending, n, m), JensenShannon.distance(evalsAscending, distanceEvalsAscending),
                maxDistance / lambdaMax, lambdaMax - maxDistance);
    }
}
