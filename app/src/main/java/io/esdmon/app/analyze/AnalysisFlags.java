package io.esdmon.app.analyze;

import io.esdmon.engine.AnalysisOptions;
import io.esdmon.engine.AnalysisOptions.EigenvalueFloor;
import io.esdmon.engine.AnalysisOptions.FixFingers;
import io.esdmon.engine.AnalysisOptions.RandomDistance;
import picocli.CommandLine.Option;

/**
 * Command-line flags that set {@link AnalysisOptions}; a picocli mixin, so every command that
 * analyzes layers (analyze, replay, ...) offers the same flags with the same meaning.
 */
public final class AnalysisFlags {

    @Option(names = "--ww-default", description = "Start from WeightWatcher's analyze() with no arguments: no MP "
            + "fit, no randomization, no detX (the other flags still apply on top).")
    boolean wwDefault;

    @Option(names = "--min-evals", paramLabel = "N",
            description = "Skip layers with fewer than N eigenvalues, M·rf (default: 10, WW's min_evals).")
    Integer minEvals;

    @Option(names = "--max-evals", paramLabel = "N",
            description = "Skip layers with more than N eigenvalues, M·rf (default: 15000, WW's max_evals).")
    Integer maxEvals;

    @Option(names = "--max-n", paramLabel = "N",
            description = "Skip layers whose larger dimension exceeds N (default: 50000, WW's max_N).")
    Integer maxN;

    @Option(names = "--no-conv-norm", description = "Do not halve pooled conv2d eigenvalues (WW's conv2d_norm=False).")
    boolean noConvNorm;

    @Option(names = "--pl-floor", paramLabel = "VALUE", description = "Leave eigenvalues <= VALUE out of the power-law "
            + "fit (default: 1e-5, absolute, as WW).")
    Double plFloor;

    @Option(names = "--pl-floor-relative", description = "Read the --pl-floor value as a fraction of the largest "
            + "eigenvalue, so the fit does not depend on the weights' scale (WW's floor is absolute).")
    boolean plFloorRelative;

    @Option(names = "--fix-fingers", paramLabel = "MODE", completionCandidates = FingerModes.class,
            description = "Clip outlying top eigenvalues before the power-law fit: ${COMPLETION-CANDIDATES} "
                    + "(default: none; clip_xmax is WW's fix_fingers='clip_xmax').")
    FixFingers fixFingers;

    @Option(names = "--no-mp-fit", description = "Skip the Marchenko–Pastur fit (sigma_mp, bulk_max, num_spikes, "
            + "mp_softrank).")
    boolean noMpFit;

    @Option(names = "--no-randomize", description = "Skip the shuffled-weights ESD (rand_* columns, "
            + "num_rand_spikes).")
    boolean noRandomize;

    @Option(names = "--no-detx", description = "Skip the detX constraint (detX_* columns).")
    boolean noDetX;

    @Option(names = "--fresh-shuffle", description = "Compute rand_distance, ww_softrank and ww_maxdist from a second, "
            + "independent shuffle, as WW does (default: reuse the first one).")
    boolean freshShuffle;

    @Option(names = "--seed", paramLabel = "N", description = "Seed of the weight shuffles (default: 12345).")
    Long seed;

    /** The lower-case spellings of the finger-clipping modes shown in help. */
    static final class FingerModes implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return java.util.Arrays.stream(FixFingers.values()).map(f -> f.name().toLowerCase(java.util.Locale.ROOT))
                    .iterator();
        }
    }

    /**
     * The options these flags select.
     *
     * @throws IllegalArgumentException when the values are inconsistent (for example --min-evals above
     *                                  --max-evals); the message names them
     */
    public AnalysisOptions toOptions() {
        AnalysisOptions o = wwDefault ? AnalysisOptions.weightWatcherDefault() : AnalysisOptions.defaults();
        if (minEvals != null || maxEvals != null || maxN != null) {
            o = o.withEvalLimits(minEvals != null ? minEvals : o.minEvals(), maxEvals != null ? maxEvals : o.maxEvals(),
                    maxN != null ? maxN : o.maxN());
        }
        if (noConvNorm) {
            o = o.withConvScaling(AnalysisOptions.ConvScaling.NONE);
        }
        if (plFloor != null || plFloorRelative) {
            o = o.withPlFloor(new EigenvalueFloor(plFloor != null ? plFloor : o.plFloor().value(), plFloorRelative));
        }
        if (fixFingers != null) {
            o = o.withFixFingers(fixFingers);
        }
        if (noMpFit) {
            o = o.withMpFit(false);
        }
        if (noRandomize) {
            o = o.withRandomize(false);
        }
        if (noDetX) {
            o = o.withDetX(false);
        }
        if (freshShuffle) {
            o = o.withRandomDistance(RandomDistance.FRESH_SHUFFLE);
        }
        if (seed != null) {
            o = o.withSeed(seed);
        }
        return o;
    }
}
