package io.esdmon.dashboard.kafka;

import com.google.protobuf.InvalidProtocolBufferException;
import io.esdmon.dashboard.store.RecordPosition;
import io.esdmon.proto.LayerAnalysis;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads one analysis back from esd.analyses by its partition and offset, for details the store no
 * longer holds. Blocking: call it from a worker thread. One consumer, created on first use and
 * shared under a lock (fetches are rare and small).
 */
public final class RecordFetcher implements AutoCloseable {

    private final Map<String, Object> clientProperties;
    private final String topic;
    private final Duration timeout;
    private KafkaConsumer<byte[], byte[]> consumer;

    public RecordFetcher(Map<String, Object> clientProperties, String topic, Duration timeout) {
        this.clientProperties = Map.copyOf(clientProperties);
        this.topic = topic;
        this.timeout = timeout;
    }

    /**
     * The analysis at {@code position}; empty when the topic no longer has that offset (retention
     * deleted it). Throws {@link org.apache.kafka.common.errors.TimeoutException} when Kafka does not
     * answer, and IllegalStateException when the record there is not an analysis.
     */
    public synchronized Optional<LayerAnalysis> fetch(RecordPosition position) {
        if (!position.fetchable()) {
            return Optional.empty();
        }
        if (consumer == null) {
            consumer = new KafkaConsumer<>(HistoryFeed.consumerProperties(clientProperties, "esdmon-dashboard-fetch"),
                    new ByteArrayDeserializer(), new ByteArrayDeserializer());
        }
        TopicPartition tp = new TopicPartition(topic, position.partition());
        consumer.assign(List.of(tp));
        consumer.seek(tp, position.offset());
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                if (r.offset() > position.offset()) {
                    return Optional.empty(); // deleted by retention; the next one is newer
                }
                if (r.offset() == position.offset()) {
                    try {
                        return Optional.of(LayerAnalysis.parseFrom(r.value()));
                    } catch (InvalidProtocolBufferException e) {
                        throw new IllegalStateException(topic + " partition " + r.partition() + " offset " + r.offset()
                                + " is not a LayerAnalysis: " + e.getMessage(), e);
                    }
                }
            }
        }
        throw new org.apache.kafka.common.errors.TimeoutException("Kafka did not return " + topic + " partition "
                + position.partition() + " offset " + position.offset() + " within " + timeout.toMillis() + " ms");
    }

    @Override
    public synchronized void close() {
        if (consumer != null) {
            consumer.close();
            consumer = null;
        }
    }
}
