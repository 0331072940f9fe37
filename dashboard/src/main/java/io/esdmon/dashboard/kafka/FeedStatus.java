package io.esdmon.dashboard.kafka;

/**
 * The feed's state for the status endpoint and event.
 *
 * @param state        where the feed stands
 * @param message      a sentence for people, naming the brokers or topic involved
 * @param sinceMs      when the feed entered this state
 * @param recordsRead  records read from both topics since start
 * @param undecodable  records that were not valid protobuf of the expected type (skipped)
 */
public record FeedStatus(FeedState state, String message, long sinceMs, long recordsRead, long undecodable) {
}
