package io.esdmon.replay;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/**
 * The stretch of one snapshot partition a replay reads: records from {@code start} (the first at or
 * after --from) up to {@code stop} (the first after --to) are in the range; a snapshot begun in the
 * range may finish with chunks up to {@code end}, the partition's end offset when the replay started.
 */
record PartitionWindow(TopicPartition partition, long start, long stop, long end) {

    /** Records in the range. */
    long inRange() {
        return Math.max(0, stop - start);
    }

    /**
     * The windows of every partition of {@code topic} for a time range, found with the consumer's
     * offsets-for-times lookup (record timestamps, normally the producer's send time).
     *
     * @throws ReplayException when the topic does not exist
     */
    static List<PartitionWindow> of(Consumer<?, ?> consumer, String topic, Optional<Instant> from,
            Optional<Instant> to, Duration timeout) {
        List<TopicPartition> parts = partitions(consumer, topic, timeout);
        Map<TopicPartition, Long> begin = consumer.beginningOffsets(parts, timeout);
        Map<TopicPartition, Long> end = consumer.endOffsets(parts, timeout);
        Map<TopicPartition, Long> starts = from.map(f -> firstAtOrAfter(consumer, parts, f.toEpochMilli(), end,
                timeout)).orElse(begin);
        // --to is inclusive, to the millisecond of the record timestamps
        Map<TopicPartition, Long> stops = to.map(t -> firstAtOrAfter(consumer, parts, t.toEpochMilli() + 1, end,
                timeout)).orElse(end);
        List<PartitionWindow> out = new ArrayList<>();
        for (TopicPartition tp : parts) {
            long start = Math.max(starts.get(tp), begin.get(tp));
            long stop = Math.max(start, Math.min(stops.get(tp), end.get(tp)));
            out.add(new PartitionWindow(tp, start, stop, end.get(tp)));
        }
        return out;
    }

    /** The partitions of {@code topic}, in order; a ReplayException when it does not exist. */
    static List<TopicPartition> partitions(Consumer<?, ?> consumer, String topic, Duration timeout) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
        if (infos == null || infos.isEmpty()) {
            throw new ReplayException("topic " + topic + " does not exist on this Kafka cluster; check --topic-prefix,"
                    + " or start the monitor once (it creates esdmon's topics, docs/kafka.md)");
        }
        return infos.stream().map(p -> new TopicPartition(topic, p.partition()))
                .sorted(java.util.Comparator.comparingInt(TopicPartition::partition)).toList();
    }

    /** Timestamp of the oldest record the partitions still hold (retention removed older ones); empty when none. */
    static OptionalLong oldestTimestamp(Consumer<?, ?> consumer, List<TopicPartition> parts, Duration timeout) {
        Map<TopicPartition, Long> query = new HashMap<>();
        parts.forEach(tp -> query.put(tp, 0L));
        return consumer.offsetsForTimes(query, timeout).values().stream().filter(java.util.Objects::nonNull)
                .mapToLong(OffsetAndTimestamp::timestamp).min();
    }

    private static Map<TopicPartition, Long> firstAtOrAfter(Consumer<?, ?> consumer, List<TopicPartition> parts,
            long millis, Map<TopicPartition, Long> end, Duration timeout) {
        Map<TopicPartition, Long> query = new HashMap<>();
        parts.forEach(tp -> query.put(tp, Math.max(0, millis)));
        Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query, timeout);
        Map<TopicPartition, Long> out = new HashMap<>();
        for (TopicPartition tp : parts) {
            OffsetAndTimestamp o = found.get(tp);
            out.put(tp, o == null ? end.get(tp) : o.offset()); // null: no record that late
        }
        return out;
    }
}
