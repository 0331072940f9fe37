package io.esdmon.publisher;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.esdmon.engine.tensor.WeightValues;
import io.esdmon.engine.tensor.Weights;
import io.esdmon.proto.SnapshotRecord;
import io.esdmon.testkit.SecureKafka;
import io.esdmon.testkit.SecureKafkaExtension;
import io.esdmon.testkit.TopicRecords;
import io.esdmon.wire.snapshot.ConsumedChunk;
import io.esdmon.wire.snapshot.SnapshotAssembler;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The Java publisher on SASL and TLS listeners: it publishes with the right credentials, fails clearly without. */
@ExtendWith(SecureKafkaExtension.class)
class SecurePublisherTest {

    @ParameterizedTest
    @ValueSource(strings = {"SCRAM-SHA-512", "PLAIN"})
    void publishesOverSasl(String mechanism, SecureKafka kafka) throws Exception {
        publishAndReadBack(kafka, kafka.sasl(mechanism, kafka.user(), kafka.password()), "sasl-" + mechanism);
    }

    @Test
    void publishesOverSaslWithTls(SecureKafka kafka) throws Exception {
        publishAndReadBack(kafka, kafka.saslTls("SCRAM-SHA-256", kafka.user(), kafka.password()), "sasl-ssl");
    }

    @Test
    void aWrongPasswordFailsTheLayerWithOneLineNamingUserAndMechanism(SecureKafka kafka) throws Exception {
        String topic = topic(kafka, "wrong-pw");
        String wrong = "wrong-" + System.nanoTime();
        long start = System.nanoTime();
        try (SnapshotPublisher p = SnapshotPublisher.create(kafka.sasl("SCRAM-SHA-512", kafka.user(), wrong),
                topic)) {
            CompletionException e = assertThrows(CompletionException.class,
                    () -> p.publishLayer(StepInfo.of("run-s", 1), SnapshotPublisherTest.gaussian("fc", 8, 4, 1), 0)
                            .join());
            String message = assertInstanceOf(PublishException.class, e.getCause()).getMessage();
            assertTrue(message.startsWith("chunk 0 of 1 of layer fc (run run-s, step 1)"), message);
            assertTrue(message.contains("rejected the login (security.protocol SASL_PLAINTEXT, sasl.mechanism"
                    + " SCRAM-SHA-512, user \"" + kafka.user() + "\")"), message);
            assertFalse(message.contains(wrong), "the password must not be in the message: " + message);
        }
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(30).toNanos(),
                "a refused login fails at once, it is not retried until delivery.timeout.ms");
    }

    private static void publishAndReadBack(SecureKafka kafka, Map<String, Object> client, String name)
            throws Exception {
        String topic = topic(kafka, name);
        Weights w = SnapshotPublisherTest.gaussian("fc1", 64, 32, 7);
        try (SnapshotPublisher p = SnapshotPublisher.create(client, topic)) {
            p.publishStep(StepInfo.of("run-" + name, 5), List.of(w)).get(60, TimeUnit.SECONDS);
        }
        // read back on the PLAINTEXT listener: the same broker, so what SASL wrote is there
        List<ConsumerRecord<byte[], byte[]>> records = TopicRecords.read(kafka.broker(), topic, 2,
                Duration.ofSeconds(30));
        SnapshotAssembler<ConsumedChunk> assembler = new SnapshotAssembler<>(
                new SnapshotAssembler.Limits(1 << 20, 1 << 22, Duration.ofMinutes(1)));
        SnapshotRecord first = SnapshotRecord.parseFrom(records.get(0).value());
        var outcome = assembler.accept(first.getChunk(), new ConsumedChunk(records.get(0).partition(),
                records.get(0).offset(), records.get(0).timestamp()));
        Weights got = assertInstanceOf(SnapshotAssembler.Complete.class, outcome).snapshot().weights();
        assertArrayEquals(((WeightValues.F32) w.values()).data(), ((WeightValues.F32) got.values()).data());
        assertEquals(5, SnapshotRecord.parseFrom(records.get(1).value()).getManifest().getStep());
    }

    private static String topic(SecureKafka kafka, String name) throws Exception {
        String topic = "secure-pub-" + name + "-" + System.nanoTime();
        try (Admin admin = kafka.broker().admin()) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        return topic;
    }
}
