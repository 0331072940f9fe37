package io.esdmon.phases;

/**
 * The 5+1 phases of training of Martin &amp; Mahoney ("Implicit Self-Regularization in Deep Neural
 * Networks", JMLR 2021), in the order a layer moves through them as it learns more correlations,
 * plus rank collapse, the "+1" phase of over-regularized layers.
 */
public enum Phase {
    RANDOM_LIKE("Random-like", "ESD fits Marchenko-Pastur; nothing beyond the bulk edge"),
    BLEEDING_OUT("Bleeding-out", "MP bulk still fits; a few eigenvalues just past its edge"),
    BULK_PLUS_SPIKES("Bulk+Spikes", "MP bulk plus spikes well separated from it"),
    BULK_DECAY("Bulk-decay", "MP fit degrading: heavy-tailed mass above the edge, weak power law"),
    HEAVY_TAILED("Heavy-Tailed", "no MP bulk; power-law ESD with lambda_max far beyond any edge"),
    RANK_COLLAPSE("Rank-collapse", "a large share of eigenvalues at zero: the layer lost rank"),
    UNDETERMINED("Undetermined", "too few eigenvalues or tail points to decide, or a fit failed");

    private final String label;
    private final String summary;

    Phase(String label, String summary) {
        this.label = label;
        this.summary = summary;
    }

    /** The paper's name for the phase. */
    public String label() {
        return label;
    }

    /** One line saying what the phase looks like in the ESD. */
    public String summary() {
        return summary;
    }

    /**
     * The stable numeric code of the phase (0 = Random-like … 4 = Heavy-Tailed, 5 = Rank-collapse,
     * 6 = Undetermined), used by metrics and alert rules.
     */
    public int code() {
        return ordinal();
    }

    /** Whether the classifier could decide: every phase but {@link #UNDETERMINED}. */
    public boolean isDetermined() {
        return this != UNDETERMINED;
    }

    /** Whether the phase lies on the paper's progression from Random-like to Heavy-Tailed. */
    public boolean onProgression() {
        return ordinal() <= HEAVY_TAILED.ordinal();
    }

    /**
     * Whether this phase is at least as far along the paper's progression as {@code other}. Rank
     * collapse and Undetermined are off the progression and only compare equal to themselves.
     */
    public boolean atLeastAsFarAs(Phase other) {
        if (!onProgression() || !other.onProgression()) {
            return this == other;
        }
        return ordinal() >= other.ordinal();
    }

    /** Whether going from {@code from} to this phase moves back along the progression, towards Random-like. */
    public boolean isBackwardFrom(Phase from) {
        return onProgression() && from.onProgression() && ordinal() < from.ordinal();
    }
}
