package io.esdmon.pipeline.bench;

import io.esdmon.broker.KafkaBroker;
import io.esdmon.proto.LayerAnalysis;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Reads a topic's analyses as they arrive, from where the previous call stopped (for benchmarks). */
public final class TopicTail implements AutoCloseable {

    private final KafkaConsumer<byte[], byte[]> consumer;

    public TopicTail(KafkaBroker broker, String topic) {
        consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", broker.bootstrapServers(),
                "auto.offset.reset", "earliest"), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        consumer.assign(consumer.partitionsFor(topic).stream().map(p -> new TopicPartition(topic,
                p.partition())).toList());
    }

    /** The next {@code count} analyses; fails after 5 minutes without them. */
    public List<LayerAnalysis> next(int count) throws Exception {
        List<LayerAnalysis> out = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (out.size() < count) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("only " + out.size() + " of " + count + " analyses in 5 minutes");
            }
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(5))) {
                out.add(LayerAnalysis.parseFrom(r.value()));
            }
        }
        return out;
    }

    /** The median of some timings. */
    public static double median(List<Double> xs) {
        double[] s = xs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    @Override
    public void close() {
        consumer.close();
    }
}
