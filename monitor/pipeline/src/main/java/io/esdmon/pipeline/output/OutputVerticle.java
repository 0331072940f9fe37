package io.esdmon.pipeline.output;

import com.google.protobuf.MessageLite;
import io.esdmon.pipeline.Addresses;
import io.esdmon.pipeline.MonitorConfig;
import io.esdmon.proto.LayerAnalysis;
import io.esdmon.proto.PhaseTransition;
import io.esdmon.wire.RecordKeys;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.kafka.client.producer.KafkaProducer;
import io.vertx.kafka.client.producer.KafkaProducerRecord;
import io.vertx.kafka.client.producer.RecordMetadata;
import java.util.Map;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Writes the monitor's outputs to Kafka (acks=all, idempotent) and answers each write request only
 * once the broker acknowledged it: analyses to esd.analyses and transitions to esd.transitions keyed
 * {@code run/layer}, dead letters to esd.deadletter under the rejected record's key. Acknowledged
 * analyses, transitions and dead letters are also published on the event bus for local subscribers.
 */
public final class OutputVerticle extends VerticleBase {

    /**
     * Failure code of a write Kafka refused for good: the record is too large for the producer's
     * max.request.size or the topic's max.message.bytes, or invalid. Other failures (code 1) are
     * worth retrying.
     */
    public static final int REFUSED = 2;

    private final MonitorConfig config;
    private final Addresses addresses;
    private KafkaProducer<byte[], byte[]> producer;

    public OutputVerticle(MonitorConfig config, Addresses addresses) {
        this.config = config;
        this.addresses = addresses;
    }

    /** esdmon's producer defaults overlaid with the configured client properties. */
    static Map<String, String> producerConfig(MonitorConfig config) {
        return OutputSettings.producerConfig(config.kafkaStrings(), "esdmon-monitor-output");
    }

    @Override
    public Future<?> start() {
        producer = KafkaProducer.create(vertx, producerConfig(config), new ByteArraySerializer(),
                new ByteArraySerializer());
        var bus = vertx.eventBus();
        var analyses = bus.<LayerAnalysis>consumer(addresses.writeAnalysis(), m -> write(m,
                config.topics().analyses(), RecordKeys.layerKeyBytes(m.body().getLayerStep().getRunId(),
                        m.body().getLayerStep().getLayer()), m.body(), addresses.analyses()));
        var transitions = bus.<PhaseTransition>consumer(addresses.writeTransition(), m -> write(m,
                config.topics().transitions(), RecordKeys.layerKeyBytes(m.body().getLayerStep().getRunId(),
                        m.body().getLayerStep().getLayer()), m.body(), addresses.transitions()));
        var deadLetters = bus.<DeadLetterRecord>consumer(addresses.writeDeadLetter(), m -> write(m,
                config.topics().deadLetter(), m.body().key(), m.body().letter(), addresses.deadLetters()));
        return Future.all(analyses.completion(), transitions.completion(), deadLetters.completion());
    }

    private void write(Message<?> request, String topic, byte[] key, MessageLite value, String publishTo) {
        producer.send(KafkaProducerRecord.create(topic, key.length == 0 ? null : key, value.toByteArray()))
                .onSuccess((RecordMetadata md) -> {
                    request.reply(md.getOffset());
                    if (publishTo != null) {
                        vertx.eventBus().publish(publishTo, value);
                    }
                })
                .onFailure(e -> request.fail(refusedForGood(e) ? REFUSED : 1, "writing to " + topic + " failed: "
                        + e.getMessage()));
    }

    private static boolean refusedForGood(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof RecordTooLargeException || t instanceof RecordBatchTooLargeException
                    || t instanceof InvalidRecordException) {
                return true;
            }
        }
        return false;
    }

    @Override
    public Future<?> stop() {
        return producer.flush().eventually(() -> producer.close());
    }
}
