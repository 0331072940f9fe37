package io.esdmon.phases;

import io.esdmon.phases.PhaseTracker.Hysteresis;

/**
 * Everything that decides a layer's phases and transitions: the classifier's thresholds and the
 * tracker's hysteresis. Two runs of the same snapshots under equal configs give the same phases and
 * the same transitions; {@link #canonicalText()} is what the config's id is computed from.
 *
 * @param thresholds  the classifier's thresholds
 * @param hysteresis  when the tracker accepts a new phase
 */
public record ClassifierConfig(PhaseThresholds thresholds, Hysteresis hysteresis) {

    /**
     * Version of the classifier's rules. Part of the canonical text, so a change of the rules (not
     * only of their thresholds) gives every config a new id; raise it with any such change.
     */
    public static final int RULES_VERSION = 2;

    /** The documented thresholds and the default hysteresis ({@link Hysteresis#DEFAULT}). */
    public static final ClassifierConfig DEFAULT = new ClassifierConfig(PhaseThresholds.DEFAULTS, Hysteresis.DEFAULT);

    public ClassifierConfig {
        if (thresholds == null || hysteresis == null) {
            throw new IllegalArgumentException("a classifier config needs thresholds and a hysteresis; use "
                    + "PhaseThresholds.DEFAULTS and Hysteresis.DEFAULT for the documented ones");
        }
    }

    /**
     * The config as text, one line per part: {@code rules=1}, then the thresholds and the hysteresis as
     * their records print them (component names and Java's shortest round-trip decimals), e.g.
     * {@code PhaseThresholds[nearZeroEpsilon=1.0E-6, ...]} and {@code Hysteresis[minDwell=2, decisiveMargin=1.0]}.
     */
    public String canonicalText() {
        return "rules=" + RULES_VERSION + "\n" + thresholds + "\n" + hysteresis;
    }

    public ClassifierConfig withThresholds(PhaseThresholds t) {
        return new ClassifierConfig(t, hysteresis);
    }

    public ClassifierConfig withHysteresis(Hysteresis h) {
        return new ClassifierConfig(thresholds, h);
    }
}
