package io.esdmon.replay;

import io.esdmon.pipeline.output.OutputSettings;
import io.esdmon.proto.LayerAnalysis;
import io.esdmon.proto.LayerStep;
import io.esdmon.proto.PhaseTransition;
import io.esdmon.wire.RecordHeaders;
import io.esdmon.wire.RecordKeys;
import io.esdmon.wire.topics.EsdTopics;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Writes a replay's analyses and transitions where the monitor writes its own: same topics, same keys
 * ({@code run/layer}), same producer settings ({@link OutputSettings}), plus the replay's id and tag as
 * headers ({@link RecordHeaders}). A write Kafka refuses fails the replay at the next write or at
 * {@link #flush}.
 */
final class ReplayOutputs implements AutoCloseable {

    private final KafkaProducer<byte[], byte[]> producer;
    private final EsdTopics topics;
    private final List<Header> headers;
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private final AtomicLong analyses = new AtomicLong();
    private final AtomicLong transitions = new AtomicLong();

    ReplayOutputs(Map<String, Object> kafka, EsdTopics topics, String replayId, String tag) {
        Map<String, String> client = new TreeMap<>();
        kafka.forEach((k, v) -> client.put(k, String.valueOf(v)));
        this.producer = new KafkaProducer<>(new TreeMap<String, Object>(OutputSettings.producerConfig(client,
                "esdmon-replay-" + replayId)), new ByteArraySerializer(), new ByteArraySerializer());
        this.topics = topics;
        List<Header> h = new ArrayList<>();
        h.add(new RecordHeader(RecordHeaders.REPLAY, replayId.getBytes(StandardCharsets.UTF_8)));
        if (!tag.isEmpty()) {
            h.add(new RecordHeader(RecordHeaders.TAG, tag.getBytes(StandardCharsets.UTF_8)));
        }
        this.headers = List.copyOf(h);
    }

    void analysis(LayerAnalysis a) {
        send(topics.analyses(), a.getLayerStep(), a.toByteArray(), analyses);
    }

    void transition(PhaseTransition t) {
        send(topics.transitions(), t.getLayerStep(), t.toByteArray(), transitions);
    }

    private void send(String topic, LayerStep step, byte[] value, AtomicLong written) {
        check();
        byte[] key = RecordKeys.layerKeyBytes(step.getRunId(), step.getLayer());
        producer.send(new ProducerRecord<>(topic, null, key, value, headers), (md, e) -> {
            if (e != null) {
                failure.compareAndSet(null, e);
            } else {
                written.incrementAndGet();
            }
        });
    }

    /** Waits until everything sent is acknowledged; throws if any write failed. */
    void flush() {
        producer.flush();
        check();
    }

    /** Analyses acknowledged so far. */
    long analysesWritten() {
        return analyses.get();
    }

    /** Transitions acknowledged so far. */
    long transitionsWritten() {
        return transitions.get();
    }

    private void check() {
        Exception e = failure.get();
        if (e != null) {
            throw new ReplayException("writing to Kafka failed: " + e.getMessage() + "; what was written so far"
                    + " stays (same ids if the replay is repeated)", e);
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
