package io.esdmon.phases;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * The signals of one classification in the order the rules used them, and the margin of the path taken:
 * the smallest margin of a deciding comparison. Margins are distances from a threshold in standard
 * errors of the signal, capped at {@link PhaseCall#MAX_MARGIN}.
 */
final class DecisionPath {

    private final List<Signal> signals = new ArrayList<>();
    private double margin = PhaseCall.MAX_MARGIN;

    /** One comparison of a signal with its threshold; {@code se} is the signal's standard error. */
    record Test(String name, double value, double threshold, double se, String note) {

        boolean atLeast() {
            return value >= threshold;
        }

        double margin() {
            double d = Math.abs(value - threshold) / se;
            return Double.isNaN(d) ? 0 : Math.min(PhaseCall.MAX_MARGIN, d);
        }

        Signal asSignal(boolean deciding) {
            return new Signal(name, value, atLeast() ? Relation.AT_LEAST : Relation.BELOW, threshold, margin(),
                    deciding, note);
        }
    }

    /** Records {@code test} as deciding and returns whether value ≥ threshold. */
    boolean atLeast(Test test) {
        signals.add(test.asSignal(true));
        include(test.margin());
        return test.atLeast();
    }

    /** Records {@code test} without letting it decide (a precondition that cannot change while a layer trains). */
    boolean check(Test test) {
        signals.add(test.asSignal(false));
        return test.atLeast();
    }

    /**
     * Records tests that must all lie below their thresholds and returns whether they do. When they do,
     * all of them decide and the path margin is their smallest margin; otherwise only the failing ones
     * decide, with the largest of their margins, because any one of them suffices.
     */
    boolean allBelow(List<Test> tests) {
        boolean holds = tests.stream().noneMatch(Test::atLeast);
        double m = holds ? PhaseCall.MAX_MARGIN : 0;
        for (Test t : tests) {
            boolean failed = t.atLeast();
            signals.add(t.asSignal(holds || failed));
            m = holds ? Math.min(m, t.margin()) : failed ? Math.max(m, t.margin()) : m;
        }
        include(m);
        return holds;
    }

    void report(String name, double value, String note) {
        if (!Double.isNaN(value)) {
            signals.add(Signal.reported(name, value, note));
        }
    }

    void include(double m) {
        margin = Math.min(margin, m);
    }

    PhaseCall call(Phase phase, DecidingRule rule, OptionalInt correlationTraps) {
        double m = phase.isDetermined() ? margin : 0;
        return new PhaseCall(phase, m, new PhaseEvidence(rule, signals, correlationTraps));
    }
}
