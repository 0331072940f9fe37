package io.esdmon.metrics;

import io.esdmon.proto.LayerAnalysis;
import io.esdmon.proto.LayerStep;
import io.esdmon.proto.PhaseTransition;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The per-layer series of every run, with bounded cardinality: at most
 * {@link MetricsConfig#maxLayerSeries()} (run, layer) pairs are exported (analyses and transitions of
 * further layers are counted in {@code esdmon_layer_series_refused_total} instead), and a run with no
 * analysis or transition for {@link MetricsConfig#idleExpiry()} loses all its series
 * ({@link #expireIdle()}). Not thread-safe: call it from one thread (the metrics verticle's context).
 */
public final class LayerMetrics {

    private static final Logger LOG = LoggerFactory.getLogger(LayerMetrics.class);

    private final MeterRegistry registry;
    private final MetricsConfig config;
    private final Clock clock;
    private final Map<String, RunSeries> runs = new HashMap<>();
    private final AtomicInteger layers = new AtomicInteger();
    private final Counter refused;
    private final Counter expired;
    private boolean warnedFull;

    private static final class RunSeries {
        final Map<String, LayerSeries> layers = new HashMap<>();
        Instant lastSeen;
    }

    public LayerMetrics(MeterRegistry registry, MetricsConfig config, Clock clock) {
        this.registry = registry;
        this.config = config;
        this.clock = clock;
        Gauge.builder("esdmon.layer.series", layers, AtomicInteger::get)
                .description("(run, layer) pairs whose series are exported now").register(registry);
        Gauge.builder("esdmon.layer.series.limit", config, MetricsConfig::maxLayerSeries)
                .description("Most (run, layer) pairs exported at once (--metrics-max-layers)").register(registry);
        refused = Counter.builder("esdmon.layer.series.refused")
                .description("Analyses and transitions not exported because the (run, layer) cap was reached")
                .register(registry);
        expired = Counter.builder("esdmon.layer.series.expired")
                .description("(run, layer) pairs removed because their run was idle longer than the expiry")
                .register(registry);
    }

    /** Exports an analysis's values and phase for its layer (if the layer has or gets a place). */
    public void record(LayerAnalysis a) {
        LayerSeries s = series(a.getLayerStep());
        if (s != null) {
            s.update(a);
        }
    }

    /** Counts a transition for its layer (if the layer has or gets a place). */
    public void record(PhaseTransition t) {
        LayerSeries s = series(t.getLayerStep());
        if (s == null) {
            return;
        }
        double at = t.hasDetectedAt() ? t.getDetectedAt().getSeconds() + t.getDetectedAt().getNanos() / 1e9
                : clock.millis() / 1e3;
        s.transition(PhaseLabel.of(t.getFromPhase()), PhaseLabel.of(t.getToPhase()), at);
    }

    /**
     * Removes the series of every run idle longer than the expiry.
     *
     * @return the number of (run, layer) pairs removed
     */
    public int expireIdle() {
        Instant cutoff = clock.instant().minus(config.idleExpiry());
        int removed = 0;
        for (Iterator<Map.Entry<String, RunSeries>> it = runs.entrySet().iterator(); it.hasNext();) {
            Map.Entry<String, RunSeries> e = it.next();
            RunSeries run = e.getValue();
            if (run.lastSeen.isBefore(cutoff)) {
                run.layers.values().forEach(LayerSeries::remove);
                removed += run.layers.size();
                LOG.info("run {} idle since {}: removed the series of its {} layers", e.getKey(), run.lastSeen,
                        run.layers.size());
                it.remove();
            }
        }
        layers.addAndGet(-removed);
        expired.increment(removed);
        if (removed > 0) {
            warnedFull = false;
        }
        return removed;
    }

    /** (run, layer) pairs exported now. */
    public int layerCount() {
        return layers.get();
    }

    /** Series exported for layers now (gauges, state sets, transition counters). */
    public int seriesCount() {
        return runs.values().stream().flatMap(r -> r.layers.values().stream()).mapToInt(LayerSeries::seriesCount)
                .sum();
    }

    private LayerSeries series(LayerStep step) {
        String runId = step.getRunId();
        String layer = step.getLayer();
        RunSeries run = runs.get(runId);
        LayerSeries s = run == null ? null : run.layers.get(layer);
        if (s == null) {
            if (layers.get() >= config.maxLayerSeries()) {
                refused.increment();
                if (!warnedFull) {
                    warnedFull = true;
                    LOG.warn("{} layers exported, the most allowed: layer {} of run {} and further new layers are"
                            + " not exported until idle runs expire (raise --metrics-max-layers or lower"
                            + " --metrics-idle-expiry)", layers.get(), layer, runId);
                }
                return null;
            }
            if (run == null) {
                run = new RunSeries();
                runs.put(runId, run);
            }
            s = new LayerSeries(registry, runId, layer);
            run.layers.put(layer, s);
            layers.incrementAndGet();
        }
        run.lastSeen = clock.instant();
        return s;
    }
}
