package io.esdmon.phases.synthetic;

import io.esdmon.phases.Phase;

/**
 * The constructions of {@link SyntheticMatrices}, one or more per phase. Parameters are drawn at
 * random within the ranges given here; W is N×M with N ≥ M, c = M/N, before an optional transpose.
 */
public enum Recipe {
    /** i.i.d. Gaussian entries N(0, 1/N). */
    GAUSSIAN(Phase.RANDOM_LIKE, true),
    /**
     * Gaussian plus a rank-k signal (k = 1..3) of strength 1.4–1.8 × the BBP threshold c^¼: outliers just
     * past the edge. Decidable only where they clear the edge's Tracy–Widom fluctuation (see
     * {@link SyntheticMatrices#spikeSigmas}).
     */
    WEAK_SIGNAL(Phase.BLEEDING_OUT, true),
    /** Gaussian plus a rank-k signal (k = 1..5) of strength 3–6 × the BBP threshold: separated spikes. */
    STRONG_SIGNAL(Phase.BULK_PLUS_SPIKES, true),
    /**
     * Gaussian plus 1–3 single entries of size 3–6 × the BBP threshold: spikes that survive shuffling,
     * WeightWatcher's correlation traps. Bulk+Spikes by their spectrum; the traps are reported apart.
     */
    CORRELATION_TRAPS(Phase.BULK_PLUS_SPIKES, true),
    /**
     * Gaussian plus a continuum of k = 20–40% of M correlated directions with strengths spread over
     * 0.5–2.5 × the BBP threshold: eigenvalue mass leaks past the edge without clear spikes.
     */
    SIGNAL_CONTINUUM(Phase.BULK_DECAY, true),
    /** U·diag(s)·Vᵀ with s² following a power law of exponent α in [2, 3.5]: a heavy-tailed ESD, no MP bulk. */
    POWER_LAW_SPECTRUM(Phase.HEAVY_TAILED, true),
    /** The same with α in [4.5, 5]: a weak power law, Bulk-decay in the paper's terms. */
    WEAK_POWER_LAW_SPECTRUM(Phase.BULK_DECAY, true),
    /** Symmetric Pareto entries, tail exponent μ in [1.25, 1.9] (very heavy-tailed universality class). */
    PARETO_VERY_HEAVY(Phase.HEAVY_TAILED, true),
    /**
     * Symmetric Pareto entries, μ in [2.1, 3.0] (moderately heavy-tailed): a handful of huge entries make a
     * handful of spikes in small layers and a heavy tail only in large ones, so it is not scored.
     */
    PARETO_HEAVY(Phase.HEAVY_TAILED, false),
    /** Student-t entries with μ = ν degrees of freedom in [1.25, 1.9]. */
    STUDENT_VERY_HEAVY(Phase.HEAVY_TAILED, true),
    /** Student-t entries, μ in [2.1, 3.0]; not scored, as {@link #PARETO_HEAVY}. */
    STUDENT_HEAVY(Phase.HEAVY_TAILED, false),
    /** Exactly rank r = 2–30% of M. */
    EXACT_LOW_RANK(Phase.RANK_COLLAPSE, true),
    /** Rank r plus Gaussian noise 10⁻⁵–10⁻³ of the signal's entry scale. */
    NEAR_LOW_RANK(Phase.RANK_COLLAPSE, true),
    /** Singular values decaying geometrically, s_i = exp(−i/τ) with τ = 2–8% of M. */
    GEOMETRIC_DECAY(Phase.RANK_COLLAPSE, true);

    private final Phase truth;
    private final boolean scored;

    Recipe(Phase truth, boolean scored) {
        this.truth = truth;
        this.scored = scored;
    }

    /** The phase this construction stands for. */
    public Phase truth() {
        return truth;
    }

    /** Whether calibration holds the classifier to {@link #truth()} (where the matrix is decidable). */
    public boolean scored() {
        return scored;
    }
}
