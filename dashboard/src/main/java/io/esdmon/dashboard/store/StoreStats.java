package io.esdmon.dashboard.store;

/**
 * Counters for the status endpoint.
 *
 * @param runs         runs held
 * @param layers       layers held, all runs
 * @param points       step points held, all layers
 * @param analyses     analyses accepted (new or replacing a step)
 * @param transitions  transitions accepted
 * @param duplicates   redelivered records dropped
 * @param evictedRuns  runs dropped to respect the run bound
 */
public record StoreStats(int runs, int layers, long points, long analyses, long transitions, long duplicates,
        long evictedRuns) {
}
