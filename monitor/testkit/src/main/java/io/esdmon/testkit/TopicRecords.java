package io.esdmon.testkit;

import static org.junit.jupiter.api.Assertions.fail;

import io.esdmon.broker.KafkaBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Reads a topic from its beginning in tests, without a consumer group (so nothing waits for a rebalance). */
public final class TopicRecords {

    private TopicRecords() {
    }

    /**
     * Hands every record of {@code topic}, from the beginning, to {@code handler} until it returns
     * true; fails the test if that does not happen within {@code timeout}.
     */
    public static void consume(KafkaBroker broker, String topic, Duration timeout,
            Predicate<ConsumerRecord<byte[], byte[]>> handler) {
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            c.assign(c.partitionsFor(topic).stream().map(p -> new TopicPartition(topic, p.partition())).toList());
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(100))) {
                    if (handler.test(r)) {
                        return;
                    }
                }
            }
        }
        fail("the records expected on " + topic + " did not arrive within " + timeout);
    }

    /**
     * Every record of {@code topic} up to the end offsets it has when called, partition by partition
     * (in offset order within each).
     */
    public static List<ConsumerRecord<byte[], byte[]>> readAll(KafkaBroker broker, String topic, Duration timeout) {
        return readAll(broker.bootstrapServers(), topic, timeout);
    }

    /** As {@link #readAll(KafkaBroker, String, Duration)} on any cluster (for example a {@code KafkaCluster}). */
    public static List<ConsumerRecord<byte[], byte[]>> readAll(String bootstrapServers, String topic,
            Duration timeout) {
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = c.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts);
            List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
            long deadline = System.nanoTime() + timeout.toNanos();
            while (parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    fail(topic + " was not read to its end offsets " + end + " within " + timeout);
                }
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(100))) {
                    if (r.offset() < end.get(new TopicPartition(r.topic(), r.partition()))) {
                        out.add(r);
                    }
                }
            }
            out.sort(java.util.Comparator.<ConsumerRecord<byte[], byte[]>>comparingInt(ConsumerRecord::partition)
                    .thenComparingLong(ConsumerRecord::offset));
            return out;
        }
    }

    /** The first {@code count} records of {@code topic} (in partition order, not time order). */
    public static List<ConsumerRecord<byte[], byte[]>> read(KafkaBroker broker, String topic, int count,
            Duration timeout) {
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        consume(broker, topic, timeout, r -> {
            out.add(r);
            return out.size() == count;
        });
        return out;
    }
}
