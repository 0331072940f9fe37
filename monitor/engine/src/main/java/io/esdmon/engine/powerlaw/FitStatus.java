package io.esdmon.engine.powerlaw;

/** Outcome of a fit, as WeightWatcher's status column. */
public enum FitStatus {
    SUCCESS, FAILED
}
