package io.esdmon.phases;

/**
 * A layer's phase with the evidence that decided it.
 *
 * @param phase     the phase
 * @param margin    how clearly the phase was decided: along the rules that led to it, the smallest
 *                  distance between a deciding signal and its threshold, in standard errors of that
 *                  signal (0 = on a threshold, 2 = every deciding signal two standard errors clear of
 *                  its threshold), capped at {@link #MAX_MARGIN}; 0 for {@link Phase#UNDETERMINED}
 * @param evidence  every signal computed
 */
public record PhaseCall(Phase phase, double margin, PhaseEvidence evidence) {

    /** Margins are capped here: beyond it, every deciding signal is far from its threshold. */
    public static final double MAX_MARGIN = 10;
}
