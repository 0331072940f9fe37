package io.esdmon.metrics;

import io.esdmon.phases.Phase;
import java.util.Optional;

/**
 * Label values for phases: the classifier's phase names ({@link Phase#name()}), {@value #NONE} for
 * the "from" side of a layer's first phase, {@value #OTHER} for names this build does not know (a
 * newer classifier), so that labels stay within a closed set.
 */
final class PhaseLabel {

    static final String NONE = "none";
    static final String OTHER = "other";

    private PhaseLabel() {
    }

    /** The phase a name on the wire stands for, if this build knows it. */
    static Optional<Phase> parse(String name) {
        for (Phase p : Phase.values()) {
            if (p.name().equals(name)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** The label value for a phase name on the wire: the name, {@value #NONE} when empty, else {@value #OTHER}. */
    static String of(String name) {
        if (name == null || name.isEmpty()) {
            return NONE;
        }
        return parse(name).map(Phase::name).orElse(OTHER);
    }
}
