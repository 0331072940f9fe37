package io.esdmon.dashboard.store;

/**
 * A read of the store together with the live event it reflects: the state includes every event up
 * to {@code eventId} and none after, so a client that subscribes with it misses nothing and sees
 * nothing twice.
 */
public record Versioned<T>(T value, String eventId) {
}
