package io.esdmon.metrics;

import io.esdmon.phases.Phase;
import io.esdmon.proto.LayerAnalysis;
import io.esdmon.wire.analysis.PhaseMessages;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every series of one (run, layer): the {@link LayerGauge}s, the phase as a state set (one series per
 * phase, 1 for the one {@link PhaseMessages#shownPhase} names) and as its numeric code, the phase-transition
 * counters and the time of the newest transition. Updated from one thread; gauges read the values from any thread.
 */
final class LayerSeries {

    static final String PHASE = "esdmon.layer.phase";
    static final String PHASE_CODE = "esdmon.layer.phase.code";
    static final String TRANSITIONS = "esdmon.phase.transitions";
    static final String LAST_TRANSITION = "esdmon.layer.last.transition.timestamp";

    private final MeterRegistry registry;
    private final Tags tags;
    private final List<Meter> meters = new ArrayList<>();
    private final Map<List<String>, Counter> transitions = new HashMap<>();
    private volatile double[] values;
    private volatile Phase phase;
    private long newestStep = Long.MIN_VALUE;
    private Gauge lastTransition;
    private volatile double lastTransitionSeconds;

    LayerSeries(MeterRegistry registry, String run, String layer) {
        this.registry = registry;
        this.tags = Tags.of("run", run, "layer", layer);
        double[] nan = new double[LayerGauge.values().length];
        Arrays.fill(nan, Double.NaN);
        this.values = nan;
        for (LayerGauge g : LayerGauge.values()) {
            meters.add(Gauge.builder(g.meterName(), this, s -> s.values[g.ordinal()]).tags(tags)
                    .description(g.help()).strongReference(true).register(registry));
        }
        for (Phase p : Phase.values()) {
            meters.add(Gauge.builder(PHASE, this, s -> s.phase == p ? 1 : 0).tags(tags).tag("phase", p.name())
                    .description("The layer's phase as a state set: 1 for its tracked (confirmed) phase, else the"
                            + " newest snapshot's phase, 0 for the others; all 0 until the layer is classified")
                    .strongReference(true).register(registry));
        }
        meters.add(Gauge.builder(PHASE_CODE, this, s -> s.phase == null ? Double.NaN : s.phase.code()).tags(tags)
                .description("The layer's phase (as in esdmon_layer_phase) as its stable code: 0 Random-like,"
                        + " 1 Bleeding-out, 2 Bulk+Spikes, 3 Bulk-decay, 4 Heavy-Tailed, 5 Rank-collapse,"
                        + " 6 Undetermined; NaN until classified")
                .strongReference(true).register(registry));
    }

    /**
     * Takes the values of an analysis unless the layer already has one of a later step (a replay or a
     * late redelivery must not move the gauges back).
     */
    void update(LayerAnalysis a) {
        long step = a.getLayerStep().getStep();
        if (step < newestStep) {
            return;
        }
        newestStep = step;
        double[] next = new double[LayerGauge.values().length];
        for (LayerGauge g : LayerGauge.values()) {
            next[g.ordinal()] = g.read(a);
        }
        values = next;
        phase = a.hasPhase() ? PhaseLabel.parse(PhaseMessages.shownPhase(a.getPhase())).orElse(null) : null;
    }

    /**
     * Counts a transition and makes it the layer's newest one.
     *
     * @param from, to     label values ({@link PhaseLabel#of})
     * @param epochSeconds when the monitor detected it
     */
    void transition(String from, String to, double epochSeconds) {
        transitions.computeIfAbsent(List.of(from, to), k -> Counter.builder(TRANSITIONS).tags(tags)
                .tag("from", from).tag("to", to)
                .description("Confirmed phase transitions of the layer, by phase before (none for the first phase"
                        + " a layer is seen in) and after").register(registry)).increment();
        lastTransitionSeconds = epochSeconds;
        Tags wanted = tags.and("from", from, "to", to);
        if (lastTransition == null || !Tags.of(lastTransition.getId().getTags()).equals(wanted)) {
            if (lastTransition != null) {
                registry.remove(lastTransition);
            }
            lastTransition = Gauge.builder(LAST_TRANSITION, this, s -> s.lastTransitionSeconds).tags(wanted)
                    .baseUnit("seconds").description("When the layer's newest phase transition was detected (Unix"
                            + " time), labelled with its phases; one series per layer").strongReference(true)
                    .register(registry);
        }
    }

    /** How many series this layer exports now. */
    int seriesCount() {
        return meters.size() + transitions.size() + (lastTransition == null ? 0 : 1);
    }

    /** Removes every series of the layer from the registry. */
    void remove() {
        meters.forEach(registry::remove);
        transitions.values().forEach(registry::remove);
        if (lastTransition != null) {
            registry.remove(lastTransition);
        }
        meters.clear();
        transitions.clear();
        lastTransition = null;
    }
}
