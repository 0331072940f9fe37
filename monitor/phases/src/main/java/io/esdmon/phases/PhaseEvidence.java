package io.esdmon.phases;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What decided a layer's phase: the rule, every signal the classifier computed on the way (in the order
 * of its rules), and the correlation traps of the shuffled weights, a signal of its own that never
 * decides the phase.
 *
 * @param rule              the rule that settled the phase
 * @param signals           the signals with their comparisons and margins
 * @param correlationTraps  outliers of the shuffled weights' ESD beyond its own MP edge, per shuffle;
 *                          empty for spectrum-only snapshots, which have no weights to shuffle
 */
public record PhaseEvidence(DecidingRule rule, List<Signal> signals, OptionalInt correlationTraps) {

    public PhaseEvidence {
        signals = List.copyOf(signals);
    }

    /** The signal named {@code name}, if the classifier reached it. */
    public Optional<Signal> signal(String name) {
        return signals.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /** The value of the signal named {@code name}, NaN when the classifier did not reach it. */
    public double value(String name) {
        return signal(name).map(Signal::value).orElse(Double.NaN);
    }
}
