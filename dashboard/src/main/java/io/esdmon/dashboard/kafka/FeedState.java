package io.esdmon.dashboard.kafka;

/** Where the dashboard's Kafka feed stands. */
public enum FeedState {
    /** Looking up the topics for the first time. */
    CONNECTING,
    /** The brokers could not be reached (or refused the client) since the dashboard started. */
    UNREACHABLE,
    /** A topic does not exist yet; the feed looks again every few seconds. */
    WAITING_FOR_TOPICS,
    /** Reading the topics from the beginning to rebuild the history. */
    LOADING,
    /** Caught up; new records arrive as they are written. */
    LIVE,
    /** The brokers were reachable and are not now; the client keeps retrying. */
    RECONNECTING,
    /** The feed was closed. */
    STOPPED
}
