package io.esdmon.replay;

import java.time.Duration;
import java.util.Optional;

/**
 * How far a replay is.
 *
 * @param recordsRead      records of the range read so far (of every run: the topic is keyed by layer, so
 *                         a run's records are spread over all partitions among other runs')
 * @param recordsTotal     records in the range, found at the start
 * @param snapshots        snapshots of the run reassembled and sent to the engine
 * @param layers           distinct layers seen
 * @param analysesWritten  analyses written (sent to Kafka)
 * @param transitions      transitions found
 * @param elapsed          time since the replay started
 */
public record ReplayProgress(long recordsRead, long recordsTotal, long snapshots, int layers, long analysesWritten,
        long transitions, Duration elapsed) {

    /** Share of the range read, 0 to 1 (1 for an empty range). */
    public double fraction() {
        return recordsTotal <= 0 ? 1 : Math.min(1, (double) recordsRead / recordsTotal);
    }

    /** Time left if the rest goes as fast as what was read; empty until something was read. */
    public Optional<Duration> eta() {
        double f = fraction();
        if (recordsRead == 0 || f <= 0) {
            return Optional.empty();
        }
        return Optional.of(Duration.ofMillis((long) (elapsed.toMillis() * (1 - f) / f)));
    }
}
