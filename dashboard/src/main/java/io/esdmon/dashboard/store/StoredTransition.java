package io.esdmon.dashboard.store;

import io.esdmon.proto.PhaseTransition;

/**
 * A transition as held by the store.
 *
 * @param transition  the record
 * @param timeMs      when it was detected (the record's detected_at, else its Kafka timestamp)
 */
public record StoredTransition(PhaseTransition transition, long timeMs) {
}
