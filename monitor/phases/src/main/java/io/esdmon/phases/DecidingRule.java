package io.esdmon.phases;

/** Which rule of the classifier settled a layer's phase (see docs/phases.md). */
public enum DecidingRule {
    /** Many eigenvalues at zero: rank collapse. */
    NEAR_ZERO_MASS,
    /** The outliers survive shuffling the weights: they come from heavy-tailed entries. */
    OUTLIERS_SURVIVE_SHUFFLE,
    /** The bulk is not Marchenko–Pastur shaped. */
    MP_FIT_REJECTED,
    /** Nothing beyond the bulk edge and its Tracy–Widom margin. */
    NO_OUTLIERS,
    /** More eigenvalues past the edge than a few spikes: a decaying or heavy tail. */
    MANY_OUTLIERS,
    /** A few eigenvalues just past the edge, none far out. */
    FEW_NEAR_EDGE,
    /** A few outliers, at least one well separated from the bulk. */
    SEPARATED_SPIKES
}
