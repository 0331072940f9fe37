package io.esdmon.pipeline.phase;

import io.esdmon.phases.PhaseTracker.Hysteresis;
import io.esdmon.proto.LayerAnalysis;
import io.esdmon.wire.ProtoTypes;
import java.util.HashMap;
import java.util.Map;

/**
 * Rebuilds layers' phase state from their past analyses, read from esd.analyses in partition order:
 * only analyses made under this monitor's engine config and classifier config count (a replay under
 * other settings is another history), and each is fed as the live stage would have fed it.
 */
final class PhaseReplay {

    private final Hysteresis hysteresis;
    private final String configId;
    private final String classifierConfigId;
    private final Map<Integer, Map<String, LayerPhases>> byPartition = new HashMap<>();
    private long read;
    private long replayed;

    PhaseReplay(Hysteresis hysteresis, String configId, String classifierConfigId) {
        this.hysteresis = hysteresis;
        this.configId = configId;
        this.classifierConfigId = classifierConfigId;
    }

    /** The next analysis of a layer whose snapshots live in snapshot partition {@code partition}. */
    void accept(int partition, LayerAnalysis a) {
        read++;
        if (!a.getConfigId().equals(configId) || !a.getPhase().getClassifierConfigId().equals(classifierConfigId)) {
            return;
        }
        replayed++;
        byPartition.computeIfAbsent(partition, p -> new HashMap<>())
                .computeIfAbsent(PhaseStates.key(a), k -> new LayerPhases(hysteresis))
                .observe(a, ProtoTypes.instant(a.getAnalyzedAt()));
    }

    /** The rebuilt layers of {@code partition} (key → state); empty when it had no history. */
    Map<String, LayerPhases> layers(int partition) {
        return byPartition.getOrDefault(partition, Map.of());
    }

    /** Analyses read. */
    long read() {
        return read;
    }

    /** Analyses that matched this monitor's configs. */
    long replayed() {
        return replayed;
    }
}
