package io.esdmon.phases;

/**
 * A layer's phase with the evidence that decided it.
 *
 * @param phase     the phase
 * @param margin    how clearly the decision was made: along the rules that led to the phase, the
 *                  smallest distance between a signal and its threshold, in factors of two (0 = on a
 *                  threshold, 1 = every deciding signal was at least twice or at most half its
 *                  threshold); capped at 10
 * @param evidence  every signal computed
 */
public record PhaseCall(Phase phase, double margin, PhaseEvidence evidence) {
}
