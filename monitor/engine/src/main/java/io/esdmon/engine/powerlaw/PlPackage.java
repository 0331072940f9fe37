package io.esdmon.engine.powerlaw;

/**
 * Which xmin search the power-law fit runs, named after WeightWatcher's {@code pl_package} option.
 * The two agree exactly when no eigenvalue is repeated.
 */
public enum PlPackage {
    /**
     * WeightWatcher's own fit (its default): every eigenvalue position except the largest is an
     * xmin candidate, repeated values included; a candidate with α ≤ 1 gets D = 1.
     */
    WW,
    /**
     * The {@code powerlaw} package (Alstott et al., 1.5): only distinct values are xmin candidates
     * and the empirical CDF is evaluated once per distinct value; candidates with α ≤ 1 are left out.
     */
    POWERLAW
}
