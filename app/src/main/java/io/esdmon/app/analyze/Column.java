package io.esdmon.app.analyze;

import io.esdmon.engine.AnalysisOptions;
import io.esdmon.engine.LayerAnalysis;
import io.esdmon.engine.detx.DetX;
import io.esdmon.engine.mp.MpFit;
import io.esdmon.engine.randomize.RandomizedEsd;
import io.esdmon.phases.PhaseCall;
import io.esdmon.phases.PhaseEvidence;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One report column: its WeightWatcher name, the option that makes it appear, and how its value
 * is taken from a row. Values are Number, String, Boolean, or null where the row has none.
 */
record Column(String name, Group group, Function<ReportRow, Object> value) {

    /** Which analysis options emit a column, as WeightWatcher adds columns per analyze() argument. */
    enum Group {
        ALWAYS(o -> true),
        FIX_FINGERS(o -> o.fixFingers() != AnalysisOptions.FixFingers.NONE),
        MP_FIT(AnalysisOptions::mpFit),
        RANDOMIZE(AnalysisOptions::randomize),
        DETX(AnalysisOptions::detX);

        private final Predicate<AnalysisOptions> enabled;

        Group(Predicate<AnalysisOptions> enabled) {
            this.enabled = enabled;
        }

        boolean enabledBy(AnalysisOptions options) {
            return enabled.test(options);
        }
    }

    Object valueOf(ReportRow row) {
        return value.apply(row);
    }

    /** A column every row kind answers. */
    static Column row(String name, Function<ReportRow, Object> value) {
        return new Column(name, Group.ALWAYS, value);
    }

    /** A metric of analyzed layers; null for the others. */
    static Column analysis(String name, Group group, Function<LayerAnalysis, Object> value) {
        return new Column(name, group, r -> r instanceof ReportRow.Analyzed a ? value.apply(a.analysis()) : null);
    }

    static Column analysis(String name, Function<LayerAnalysis, Object> value) {
        return analysis(name, Group.ALWAYS, value);
    }

    static Column mp(String name, Function<MpFit, Object> value) {
        return analysis(name, Group.MP_FIT, a -> a.mpFit().map(value).orElse(null));
    }

    static Column randomized(String name, Function<RandomizedEsd, Object> value) {
        return analysis(name, Group.RANDOMIZE, a -> a.randomized().map(value).orElse(null));
    }

    /** The phase classifier's call; null for rows that were not analyzed. */
    static Column phase(String name, Function<PhaseCall, Object> value) {
        return new Column(name, Group.ALWAYS, r -> r instanceof ReportRow.Analyzed a ? value.apply(a.phase()) : null);
    }

    static Column evidence(String name, Function<PhaseEvidence, Object> value) {
        return phase(name, c -> value.apply(c.evidence()));
    }

    /** The correlation traps the classifier counted in the shuffled spectrum (randomize=True only). */
    static Column correlationTraps(String name) {
        return new Column(name, Group.RANDOMIZE, r -> r instanceof ReportRow.Analyzed a
                && a.phase().evidence().correlationTraps().isPresent()
                ? a.phase().evidence().correlationTraps().getAsInt() : null);
    }

    /** The classifier's signal {@code signal} as column phase_{@code signal}; empty where it was not reached. */
    static Column signal(String signal) {
        return evidence("phase_" + signal, e -> e.signal(signal).map(s -> (Object) s.value()).orElse(null));
    }

    static Column detX(String name, Function<DetX, Object> value) {
        return analysis(name, Group.DETX, a -> a.detX().map(value).orElse(null));
    }
}
