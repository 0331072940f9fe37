package io.esdmon.engine;

/**
 * Every knob of one layer analysis, in one typed place. {@link #defaults()} reproduces
 * WeightWatcher 0.7.5.5's {@code analyze()} behaviour for the columns it computes, with the MP fit,
 * the randomized ESD and detX switched on (WeightWatcher's {@code mp_fit=True, randomize=True,
 * detX=True}).
 *
 * @param minEvals           skip layers with fewer than this many eigenvalues (M·rf)
 * @param maxEvals           skip layers with more than this many eigenvalues (M·rf)
 * @param maxN               skip layers whose larger dimension N exceeds this
 * @param convScaling        how pooled conv2d eigenvalues are scaled
 * @param plFloor            eigenvalues at or below this floor are left out of the power-law fit
 * @param fixFingers         optional clipping of outlying top eigenvalues before the power-law fit
 * @param weakRankTolerance  absolute threshold for weak_rank_loss
 * @param mpFit              fit Marchenko–Pastur to the bulk
 * @param randomize          compute the shuffled-weights ESD and its metrics
 * @param randomDistance     which shuffle the rand_distance metrics use
 * @param detX               compute the detX constraint
 * @param seed               seed of the shuffles, so that analyses are reproducible
 */
public record AnalysisOptions(int minEvals, int maxEvals, int maxN, ConvScaling convScaling, EigenvalueFloor plFloor,
        FixFingers fixFingers, double weakRankTolerance, boolean mpFit, boolean randomize,
        RandomDistance randomDistance, boolean detX, long seed) {

    public AnalysisOptions {
        if (minEvals < 1 || maxEvals < minEvals || maxN < 1) {
            throw new IllegalArgumentException("need 1 <= minEvals <= maxEvals and maxN >= 1, got minEvals="
                    + minEvals + ", maxEvals=" + maxEvals + ", maxN=" + maxN);
        }
        if (convScaling == null || plFloor == null || fixFingers == null || randomDistance == null) {
            throw new IllegalArgumentException("convScaling, plFloor, fixFingers and randomDistance are required");
        }
        if (!(weakRankTolerance >= 0)) {
            throw new IllegalArgumentException("weakRankTolerance must be >= 0, got " + weakRankTolerance);
        }
    }

    /** WeightWatcher-compatible settings with every optional metric on. */
    public static AnalysisOptions defaults() {
        return new AnalysisOptions(10, 15000, 50000, ConvScaling.WEIGHTWATCHER, EigenvalueFloor.WEIGHTWATCHER,
                FixFingers.NONE, 1e-6, true, true, RandomDistance.SAME_SHUFFLE, true, 12345L);
    }

    /** WeightWatcher's {@code analyze()} with no arguments: no MP fit, no randomization, no detX. */
    public static AnalysisOptions weightWatcherDefault() {
        return defaults().withMpFit(false).withRandomize(false).withDetX(false);
    }

    public AnalysisOptions withEvalLimits(int minEvals, int maxEvals, int maxN) {
        return new AnalysisOptions(minEvals, maxEvals, maxN, convScaling, plFloor, fixFingers, weakRankTolerance, mpFit,
                randomize, randomDistance, detX, seed);
    }

    public AnalysisOptions withConvScaling(ConvScaling v) {
        return new AnalysisOptions(minEvals, maxEvals, maxN, v, plFloor, fixFingers, weakRankTolerance, mpFit,
                randomize, randomDistance, detX, seed);
    }

    public AnalysisOptions withPlFloor(EigenvalueFloor v) {
        return new AnalysisOptions(minEvals, maxEvals, maxN, convScaling, v, fixFingers, weakRankTolerance, mpFit,
                randomize, randomDistance, detX, seed);
    }

    public AnalysisOptions withFixFingers(FixFingers v) {
        return new AnalysisOptions(minEvals, maxEvals, maxN, convScaling, plFloor, v, weakRankTolerance, mpFit,
                randomize, randomDistance, detX, seed);
    }

    public AnalysisOptions withMpFit(boolean v) {
        return new AnalysisOptions(minEvals, maxEvals, maxN, convScaling, plFloor, fixFingers, weakRankTolerance, v,
                randomize, randomDistance, detX, seed);
    }

    public AnalysisOptions withRandomize(boolean v) {
        return new AnalysisOptions(minEvals, maxEvals, maxN, convScaling, plFloor, fixFingers, weakRankTolerance, mpFit,
                v, randomDistance, detX, seed);
    }

    public AnalysisOptions withRandomDistance(RandomDistance v) {
        return new AnalysisOptions(minEvals, maxEvals, maxN, convScaling, plFloor, fixFingers, weakRankTolerance, mpFit,
                randomize, v, detX, seed);
    }

    public AnalysisOptions withDetX(boolean v) {
        return new AnalysisOptions(minEvals, maxEvals, maxN, convScaling, plFloor, fixFingers, weakRankTolerance, mpFit,
                randomize, randomDistance, v, seed);
    }

    public AnalysisOptions withSeed(long v) {
        return new AnalysisOptions(minEvals, maxEvals, maxN, convScaling, plFloor, fixFingers, weakRankTolerance, mpFit,
                randomize, randomDistance, detX, v);
    }

    /** Scaling of pooled conv2d eigenvalues. */
    public enum ConvScaling {
        /** WeightWatcher's conv2d_norm=True: each slice × √(1/2), so pooled eigenvalues are halved. */
        WEIGHTWATCHER,
        /** Raw weights (WeightWatcher's conv2d_norm=False). */
        NONE
    }

    /** Clipping of outlying top eigenvalues ("fingers") before the power-law fit. */
    public enum FixFingers {
        NONE,
        /** WeightWatcher's fix_fingers='clip_xmax'. */
        CLIP_XMAX
    }

    /** Which shuffled spectrum the rand_distance / ww_softrank / ww_maxdist metrics compare with. */
    public enum RandomDistance {
        /**
         * Reuse the shuffle whose spectrum gives the correlation traps. Statistically the same as a
         * second draw and saves one eigendecomposition.
         */
        SAME_SHUFFLE,
        /** Draw a second, independent shuffle, as WeightWatcher does. */
        FRESH_SHUFFLE
    }

    /**
     * The eigenvalue floor below which eigenvalues are left out of the power-law fit.
     *
     * @param value     the threshold
     * @param relative  false: λ &gt; value (WeightWatcher's absolute 1e−5); true: λ &gt; value · λ_max
     */
    public record EigenvalueFloor(double value, boolean relative) {
        /** WeightWatcher's absolute floor, λ &gt; 1e−5. */
        public static final EigenvalueFloor WEIGHTWATCHER = new EigenvalueFloor(1e-5, false);

        public EigenvalueFloor {
            if (!(value >= 0)) {
                throw new IllegalArgumentException("eigenvalue floor must be >= 0, got " + value);
            }
        }

        /** A floor relative to the largest eigenvalue; scale-free, unlike WeightWatcher's. */
        public static EigenvalueFloor relative(double fractionOfMax) {
            return new EigenvalueFloor(fractionOfMax, true);
        }

        /** The absolute threshold for a spectrum whose largest eigenvalue is lambdaMax. */
        public double threshold(double lambdaMax) {
            return relative ? value * lambdaMax : value;
        }
    }
}
