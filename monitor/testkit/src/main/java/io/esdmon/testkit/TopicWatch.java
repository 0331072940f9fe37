package io.esdmon.testkit;

import static org.junit.jupiter.api.Assertions.fail;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Parser;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads topics from their beginning on a background thread, without a consumer group, and keeps
 * every record with the time it arrived, duplicates included, for tests that watch outputs while
 * they happen (and while brokers come and go: the consumer rides over failovers).
 */
public final class TopicWatch implements AutoCloseable {

    /** A record and when this watch received it ({@link System#nanoTime()}). */
    public record Arrival(ConsumerRecord<byte[], byte[]> record, long nanos) {
    }

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Map<String, List<Arrival>> byTopic = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean closed;

    /** Watches {@code topics} (which must exist) on the cluster at {@code bootstrapServers}. */
    public TopicWatch(String bootstrapServers, Collection<String> topics) {
        Map<String, Object> config = new TreeMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "esdmon-test-watch");
        consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> parts = new ArrayList<>();
        for (String t : topics) {
            byTopic.put(t, new CopyOnWriteArrayList<>());
            consumer.partitionsFor(t).forEach(p -> parts.add(new TopicPartition(t, p.partition())));
        }
        consumer.assign(parts);
        thread = new Thread(this::run, "topic-watch");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        try {
            while (!closed) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    byTopic.get(r.topic()).add(new Arrival(r, System.nanoTime()));
                }
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    /** What arrived on {@code topic} so far, in arrival order. */
    public List<Arrival> arrivals(String topic) {
        List<Arrival> a = byTopic.get(topic);
        if (a == null) {
            throw new IllegalArgumentException(topic + " is not watched; watched: " + byTopic.keySet());
        }
        return List.copyOf(a);
    }

    /** The values that arrived on {@code topic} so far, parsed by {@code parser} (e.g. {@code DeadLetter.parser()}). */
    public <T> List<T> parsed(String topic, Parser<T> parser) {
        List<T> out = new ArrayList<>();
        for (Arrival a : arrivals(topic)) {
            try {
                out.add(parser.parseFrom(a.record().value()));
            } catch (InvalidProtocolBufferException e) {
                throw new AssertionError(topic + "-" + a.record().partition() + "@" + a.record().offset()
                        + " does not parse: " + e.getMessage(), e);
            }
        }
        return out;
    }

    /** Waits until {@code condition} holds; fails the test with {@code what} if it does not within {@code timeout}. */
    public static void await(BooleanSupplier condition, Duration timeout, Supplier<String> what)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("not within " + timeout + ": " + what.get());
            }
            Thread.sleep(50);
        }
    }

    @Override
    public void close() throws InterruptedException {
        closed = true;
        consumer.wakeup();
        thread.join(10_000);
    }
}
