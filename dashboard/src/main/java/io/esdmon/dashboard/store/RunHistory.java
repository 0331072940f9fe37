package io.esdmon.dashboard.store;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Everything the dashboard holds about one run. Guarded by the store. */
final class RunHistory {

    final String run;
    final Map<String, String> tags = new TreeMap<>();
    final Map<String, LayerHistory> layers = new HashMap<>();
    final Deque<StoredTransition> transitions = new ArrayDeque<>();
    long firstStep = Long.MAX_VALUE;
    long lastStep = Long.MIN_VALUE;
    long lastEpoch;
    /** Newest Kafka timestamp of the run's records: when the monitor last wrote about it. */
    long lastRecordMs = Long.MIN_VALUE;
    long analyses;

    RunHistory(String run) {
        this.run = run;
    }

    LayerHistory layer(String name, int cap) {
        return layers.computeIfAbsent(name, n -> new LayerHistory(n, layers.size(), cap));
    }

    /** Layers in model order: by layer index when the publisher gave one, else by first appearance. */
    List<LayerHistory> ordered() {
        List<LayerHistory> out = new ArrayList<>(layers.values());
        out.sort(Comparator.comparingLong(LayerHistory::orderKey));
        return out;
    }

    void touch(long timestampMs) {
        lastRecordMs = Math.max(lastRecordMs, timestampMs);
    }
}
