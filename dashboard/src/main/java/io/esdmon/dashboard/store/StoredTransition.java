package io.esdmon.dashboard.store;

import io.esdmon.proto.PhaseTransition;

/**
 * A transition as held by the store.
 *
 * @param transition  the record
 * @param timeMs      when it was detected (the record's detected_at, else its Kafka timestamp)
 * @param origin      who wrote it: the monitor or a replay
 */
public record StoredTransition(PhaseTransition transition, long timeMs, RecordOrigin origin) {

    /** A transition the monitor wrote. */
    public StoredTransition(PhaseTransition transition, long timeMs) {
        this(transition, timeMs, RecordOrigin.MONITOR);
    }
}
