package io.esdmon.dashboard.store;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The records of one run under one (engine config, classifier config): its layers and transitions,
 * and who wrote it. Guarded by the store.
 */
final class VersionHistory {

    /** Tags and replay ids remembered per version. */
    static final int NAMES_KEPT = 16;

    final String id;
    final String configId;
    final String classifierConfigId;
    final Map<String, LayerHistory> layers = new HashMap<>();
    final Deque<StoredTransition> transitions = new ArrayDeque<>();
    final Set<String> tags = new LinkedHashSet<>();
    final Set<String> replays = new LinkedHashSet<>();
    long analyses;
    long firstStep = Long.MAX_VALUE;
    long lastStep = Long.MIN_VALUE;
    long lastRecordMs = Long.MIN_VALUE;
    /** Kafka timestamp of the newest record the monitor wrote of it; MIN_VALUE when only replays did. */
    long lastMonitorMs = Long.MIN_VALUE;

    VersionHistory(String configId, String classifierConfigId) {
        this.id = id(configId, classifierConfigId);
        this.configId = configId;
        this.classifierConfigId = classifierConfigId;
    }

    /** The id of a version: {@code configId~classifierConfigId}. */
    static String id(String configId, String classifierConfigId) {
        return configId + "~" + classifierConfigId;
    }

    boolean classified() {
        return !classifierConfigId.isEmpty();
    }

    LayerHistory layer(String name, int cap) {
        return layers.computeIfAbsent(name, n -> new LayerHistory(n, layers.size(), cap));
    }

    /** Notes who wrote a record of this version, and when. */
    void note(RecordOrigin origin, long timestampMs) {
        lastRecordMs = Math.max(lastRecordMs, timestampMs);
        if (!origin.isReplay()) {
            lastMonitorMs = Math.max(lastMonitorMs, timestampMs);
            return;
        }
        if (replays.size() < NAMES_KEPT) {
            replays.add(origin.replayId());
        }
        if (!origin.tag().isEmpty() && tags.size() < NAMES_KEPT) {
            tags.add(origin.tag());
        }
    }

    /**
     * Layers in model order: this version's, with the unclassified layers of the same engine config
     * ({@code shared}: layers the engine skipped have no phase, so every classifier config shows them)
     * that it does not have itself.
     */
    List<LayerHistory> ordered(VersionHistory shared) {
        List<LayerHistory> out = new ArrayList<>(layers.values());
        if (shared != null && shared != this) {
            shared.layers.values().stream().filter(l -> !layers.containsKey(l.name)).forEach(out::add);
        }
        out.sort(Comparator.comparingLong(LayerHistory::orderKey));
        return out;
    }

    boolean writtenByMonitor() {
        return lastMonitorMs != Long.MIN_VALUE;
    }
}
