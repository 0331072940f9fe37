package io.esdmon.phases;

/** Which rule of the classifier settled a layer's phase (docs/phases.md, "The rules"). */
public enum DecidingRule {
    /** Fewer eigenvalues than the classifier needs to tell the phases apart: Undetermined. */
    TOO_FEW_EIGENVALUES,
    /** The bulk or the tail could not be fitted: Undetermined. */
    FIT_FAILED,
    /** A large share of eigenvalues at zero: Rank-collapse. */
    NEAR_ZERO_MASS,
    /** The top of the ESD is a power law with α at most heavyAlpha that explains λ_max: Heavy-Tailed. */
    POWER_LAW_TAIL,
    /** The bulk is not Marchenko–Pastur shaped, and the tail is no heavy power law: Bulk-decay. */
    BULK_NOT_MP,
    /** A continuum of eigenvalue mass just past the MP edge: Bulk-decay. */
    EDGE_DECAY,
    /** Nothing beyond the bulk edge and its Tracy–Widom margin: Random-like. */
    NO_OUTLIERS,
    /** A little mass just past the edge, nothing far out: Bleeding-out. */
    NEAR_EDGE_OUTLIERS,
    /** An MP bulk and outliers at least one bulk width beyond its edge: Bulk+Spikes. */
    SEPARATED_SPIKES
}
