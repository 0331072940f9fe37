package io.esdmon.phases.synthetic;

import io.esdmon.phases.Phase;

/**
 * The constructions of {@link SyntheticMatrices}, one or more per phase. Parameters are drawn at
 * random within the ranges given here; W is N×M with N ≥ M, c = M/N, before an optional transpose.
 */
public enum Recipe {
    /** i.i.d. Gaussian entries N(0, 1/N). */
    GAUSSIAN(Phase.RANDOM_LIKE),
    /** Gaussian plus a rank-k signal (k = 1..3) of strength 1.4–1.8 × the BBP threshold c^¼. */
    WEAK_SIGNAL(Phase.BLEEDING_OUT),
    /** Gaussian plus a rank-k signal (k = 1..5) of strength 3–6 × the BBP threshold. */
    STRONG_SIGNAL(Phase.BULK_PLUS_SPIKES),
    /**
     * Gaussian plus a continuum of k = 20–40% of M correlated directions with strengths spread over
     * 0.5–2.5 × the BBP threshold: eigenvalue mass leaks past the edge without clear spikes.
     */
    SIGNAL_CONTINUUM(Phase.BULK_DECAY),
    /** Symmetric Pareto entries, tail exponent μ in [1.25, 1.9] (very heavy-tailed universality class). */
    PARETO_VERY_HEAVY(Phase.HEAVY_TAILED),
    /** Symmetric Pareto entries, μ in [2.1, 3.0] (moderately heavy-tailed). */
    PARETO_HEAVY(Phase.HEAVY_TAILED),
    /** Student-t entries with μ = ν degrees of freedom in [1.25, 1.9]. */
    STUDENT_VERY_HEAVY(Phase.HEAVY_TAILED),
    /** Student-t entries, μ in [2.1, 3.0]. */
    STUDENT_HEAVY(Phase.HEAVY_TAILED),
    /** Exactly rank r = 2–30% of M. */
    EXACT_LOW_RANK(Phase.RANK_COLLAPSE),
    /** Rank r plus Gaussian noise 10⁻⁵–10⁻³ of the signal's entry scale. */
    NEAR_LOW_RANK(Phase.RANK_COLLAPSE),
    /** Singular values decaying geometrically, s_i = exp(−i/τ) with τ = 2–8% of M. */
    GEOMETRIC_DECAY(Phase.RANK_COLLAPSE);

    private final Phase truth;

    Recipe(Phase truth) {
        this.truth = truth;
    }

    /** The phase this construction stands for. */
    public Phase truth() {
        return truth;
    }
}
