package io.esdmon.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * The consumer group's lag on the snapshot topic: for each partition, the log end offset minus the
 * group's committed offset (minus the log start offset where the group committed nothing), summed
 * over partitions. It is the group's lag, so every instance of the group reports the same value.
 * {@link #poll} blocks on Kafka: call it off the event loop.
 */
public final class ConsumerLag {

    private static final long TIMEOUT_SECONDS = 10;

    private final String group;
    private final String topic;
    private final Counter failures;
    private volatile double lag = Double.NaN;

    public ConsumerLag(MeterRegistry registry, String group, String topic) {
        this.group = group;
        this.topic = topic;
        Gauge.builder("esdmon.consumer.lag", this, l -> l.lag).baseUnit("records")
                .description("Snapshot records not yet committed by the consumer group, summed over partitions;"
                        + " NaN until read, or when the last reading failed").register(registry);
        failures = Counter.builder("esdmon.consumer.lag.read.failures")
                .description("Readings of the consumer lag that failed (Kafka unreachable or slow)").register(registry);
    }

    /** Reads the lag from Kafka and updates the gauge; on failure the gauge becomes NaN and the failure is counted. */
    public void poll(Admin admin) {
        try {
            lag = read(admin);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            lag = Double.NaN;
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            lag = Double.NaN;
            failures.increment();
            throw new IllegalStateException("cannot read the lag of group " + group + " on " + topic + ": " + e, e);
        }
    }

    /** The lag as last read; NaN before the first reading and after a failed one. */
    public double lag() {
        return lag;
    }

    private long read(Admin admin) throws InterruptedException, ExecutionException, TimeoutException {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        var description = admin.describeTopics(List.of(topic)).allTopicNames().get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
                .get(topic);
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
        description.partitions().forEach(p -> {
            TopicPartition tp = new TopicPartition(topic, p.partition());
            latest.put(tp, OffsetSpec.latest());
            if (committed.get(tp) == null) {
                earliest.put(tp, OffsetSpec.earliest());
            }
        });
        Map<TopicPartition, ListOffsetsResultInfo> ends = admin.listOffsets(latest).all()
                .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        Map<TopicPartition, ListOffsetsResultInfo> starts = earliest.isEmpty() ? Map.of()
                : admin.listOffsets(earliest).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        long total = 0;
        for (var e : ends.entrySet()) {
            OffsetAndMetadata c = committed.get(e.getKey());
            long from = c != null ? c.offset() : starts.get(e.getKey()).offset();
            total += Math.max(0, e.getValue().offset() - from);
        }
        return total;
    }
}
