package io.esdmon.dashboard.store;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Everything the dashboard holds about one run: its analysis versions (one per engine config and
 * classifier config, written by the monitor or by replays) and what they share. Guarded by the store.
 */
final class RunHistory {

    final String run;
    final Map<String, String> tags = new TreeMap<>();
    /** By version id, in order of first appearance. */
    final Map<String, VersionHistory> versions = new LinkedHashMap<>();
    long firstStep = Long.MAX_VALUE;
    long lastStep = Long.MIN_VALUE;
    long lastEpoch;
    /** Newest Kafka timestamp of the run's records, whoever wrote them. */
    long lastRecordMs = Long.MIN_VALUE;
    /** Newest Kafka timestamp of the records the monitor wrote: when it last wrote about the run. */
    long lastMonitorMs = Long.MIN_VALUE;
    long analyses;

    RunHistory(String run) {
        this.run = run;
    }

    /** The version of (configId, classifierConfigId), created when new; beyond {@code max} versions the stalest other one goes. */
    VersionHistory version(String configId, String classifierConfigId, int max) {
        String id = VersionHistory.id(configId, classifierConfigId);
        VersionHistory v = versions.get(id);
        if (v == null) {
            VersionHistory keep = primary().orElse(null);
            while (versions.size() >= max) {
                Optional<VersionHistory> stalest = versions.values().stream().filter(x -> x != keep)
                        .min(Comparator.comparingLong(x -> x.lastRecordMs));
                if (stalest.isEmpty()) {
                    break;
                }
                versions.remove(stalest.get().id);
            }
            v = new VersionHistory(configId, classifierConfigId);
            versions.put(id, v);
        }
        return v;
    }

    /**
     * The versions a user chooses between: every classified version, and an unclassified one only when
     * no classified version shares its engine config (its layers then show inside those).
     */
    List<VersionHistory> listed() {
        List<VersionHistory> out = new ArrayList<>();
        for (VersionHistory v : versions.values()) {
            if (v.classified() || versions.values().stream().noneMatch(x -> x.classified()
                    && x.configId.equals(v.configId))) {
                out.add(v);
            }
        }
        return out;
    }

    /** The version shown by default: the listed one the monitor wrote last, else the first listed. */
    Optional<VersionHistory> primary() {
        List<VersionHistory> listed = listed();
        return listed.stream().filter(VersionHistory::writtenByMonitor)
                .max(Comparator.comparingLong(v -> v.lastMonitorMs))
                .or(() -> listed.stream().findFirst());
    }

    /** A listed version by id, or the primary one when {@code id} is null or blank. */
    Optional<VersionHistory> version(String id) {
        if (id == null || id.isBlank()) {
            return primary();
        }
        return listed().stream().filter(v -> v.id.equals(id)).findFirst();
    }

    /** The unclassified layers sharing {@code v}'s engine config (layers the engine skipped). */
    VersionHistory shared(VersionHistory v) {
        return versions.get(VersionHistory.id(v.configId, ""));
    }

    /** The layers of a version in model order, with the shared unclassified ones. */
    List<LayerHistory> ordered(VersionHistory v) {
        return v.ordered(shared(v));
    }

    void touch(long timestampMs, RecordOrigin origin) {
        lastRecordMs = Math.max(lastRecordMs, timestampMs);
        if (!origin.isReplay()) {
            lastMonitorMs = Math.max(lastMonitorMs, timestampMs);
        }
    }
}
