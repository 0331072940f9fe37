package io.esdmon.dashboard.store;

import java.util.List;
import java.util.Map;

/**
 * A run as the runs list shows it.
 *
 * @param run                the run id
 * @param tags               the run's tags (from its newest analysis)
 * @param firstStep          the earliest step held
 * @param lastStep           the newest step held
 * @param lastEpoch          the epoch of the newest step
 * @param lastRecordMs       when a record of the run was last written (Kafka timestamp; a replay counts)
 * @param live               whether the monitor wrote about it within the live window
 * @param layers             number of layers
 * @param phaseCounts        layers per phase name of their newest analysis (only phases that occur)
 * @param meanAlpha          mean α of the layers' newest analyses that have one; NaN when none does
 * @param analyses           analyses received for the run
 * @param recentTransitions  the newest transitions, newest first
 * @param versions           analysis versions held (the monitor's and replays')
 * @param primaryVersion     the version the layers, phases, α and transitions above are of
 */
public record RunSummary(String run, Map<String, String> tags, long firstStep, long lastStep, long lastEpoch,
        long lastRecordMs, boolean live, int layers, Map<String, Integer> phaseCounts, double meanAlpha,
        long analyses, List<StoredTransition> recentTransitions, int versions, String primaryVersion) {
}
