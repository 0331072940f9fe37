package io.esdmon.pipeline.phase;

import io.esdmon.phases.PhaseTracker.Hysteresis;
import io.esdmon.proto.LayerAnalysis;
import io.esdmon.proto.PhaseTransition;
import io.esdmon.wire.RecordKeys;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The phase state of every layer this monitor owns, grouped by the snapshot partition that holds the
 * layer's records: a partition's layers are replaced as a whole when it is rebuilt and dropped as a
 * whole when it moves away. A layer first seen live (no history) starts with a fresh tracker.
 * Not thread safe: it belongs to the phase verticle's event loop.
 */
final class PhaseStates {

    private record Owned(int partition, LayerPhases phases) {
    }

    private final Hysteresis hysteresis;
    private final Map<String, Owned> layers = new HashMap<>();

    PhaseStates(Hysteresis hysteresis) {
        this.hysteresis = hysteresis;
    }

    /**
     * Feeds a live analysis from snapshot partition {@code partition} (-1 when unknown) to its layer's state.
     */
    LayerPhases.Observed observe(int partition, LayerAnalysis analysis, Instant now) {
        String key = key(analysis);
        Owned owned = layers.get(key);
        if (owned == null) {
            owned = new Owned(partition, new LayerPhases(hysteresis));
            layers.put(key, owned);
        }
        return owned.phases().observe(analysis, now);
    }

    /** Replaces the state of every layer of {@code partition} with {@code rebuilt} (key → state). */
    void install(int partition, Map<String, LayerPhases> rebuilt) {
        layers.values().removeIf(o -> o.partition() == partition);
        rebuilt.forEach((key, phases) -> layers.put(key, new Owned(partition, phases)));
    }

    /** Forgets every layer of these partitions; returns how many. */
    int drop(Set<Integer> partitions) {
        int before = layers.size();
        layers.values().removeIf(o -> partitions.contains(o.partition()));
        return before - layers.size();
    }

    /** The state of one layer, if tracked. */
    Optional<LayerPhases> get(String key) {
        return Optional.ofNullable(layers.get(key)).map(Owned::phases);
    }

    int size() {
        return layers.size();
    }

    static String key(LayerAnalysis a) {
        return RecordKeys.layerKey(a.getLayerStep().getRunId(), a.getLayerStep().getLayer());
    }
}
