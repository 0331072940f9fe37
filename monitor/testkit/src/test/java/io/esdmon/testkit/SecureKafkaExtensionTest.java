package io.esdmon.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.esdmon.wire.KafkaLoginFailure;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The secure test broker: each listener and mechanism round-trips a record; wrong credentials fail clearly. */
@ExtendWith(SecureKafkaExtension.class)
class SecureKafkaExtensionTest {

    @ParameterizedTest
    @ValueSource(strings = {"PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"})
    void saslUsersProduceAndConsume(String mechanism, SecureKafka kafka) throws Exception {
        roundTrip(kafka, kafka.sasl(mechanism, kafka.user(), kafka.password()), "sasl-" + mechanism);
    }

    @Test
    void tlsAndSaslOverTlsProduceAndConsume(SecureKafka kafka) throws Exception {
        roundTrip(kafka, kafka.tls(), "tls");
        roundTrip(kafka, kafka.saslTls("SCRAM-SHA-512", kafka.user(), kafka.password()), "sasl-ssl");
    }

    @ParameterizedTest
    @ValueSource(strings = {"PLAIN", "SCRAM-SHA-512"})
    void aWrongPasswordIsALoginFailureNamingMechanismAndUserButNotThePassword(String mechanism, SecureKafka kafka) {
        String wrong = "not-the-password-" + mechanism;
        Map<String, Object> props = kafka.sasl(mechanism, kafka.user(), wrong);
        ExecutionException e = assertThrows(ExecutionException.class, () -> {
            try (Admin admin = Admin.create(props)) {
                admin.describeCluster().nodes().get(30, TimeUnit.SECONDS);
            }
        });
        assertTrue(KafkaLoginFailure.isLoginFailure(e), e.toString());
        String line = KafkaLoginFailure.describe(e, props).orElseThrow();
        assertTrue(line.contains("sasl.mechanism " + mechanism) && line.contains("user \"esdmon-test\"")
                && line.contains(props.get("bootstrap.servers").toString()) && line.contains("SASL_PLAINTEXT"), line);
        assertFalse(line.contains(wrong), line);
        assertFalse(line.contains("\n"), line);
    }

    @Test
    void anUntrustedCertificateIsATlsLoginFailure(SecureKafka kafka) {
        Map<String, Object> props = new HashMap<>(kafka.tls());
        props.remove("ssl.truststore.location");
        props.remove("ssl.truststore.password");
        props.remove("ssl.truststore.type");
        ExecutionException e = assertThrows(ExecutionException.class, () -> {
            try (Admin admin = Admin.create(props)) {
                admin.describeCluster().nodes().get(30, TimeUnit.SECONDS);
            }
        });
        String line = KafkaLoginFailure.describe(e, props).orElseThrow();
        assertTrue(line.startsWith("the TLS handshake with Kafka at " + props.get("bootstrap.servers")), line);
        assertTrue(line.contains("ssl.truststore.location"), line);
    }

    @Test
    void otherFailuresAreNotLoginFailures() {
        assertFalse(KafkaLoginFailure.isLoginFailure(new ExecutionException(new IllegalStateException("x"))));
        assertTrue(KafkaLoginFailure.describe(new RuntimeException("x"), Map.of()).isEmpty());
    }

    private static void roundTrip(SecureKafka kafka, Map<String, Object> client, String name) throws Exception {
        String topic = name + "-" + System.nanoTime();
        try (Admin admin = Admin.create(client)) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        try (KafkaProducer<String, String> p = new KafkaProducer<>(client, new StringSerializer(),
                new StringSerializer())) {
            p.send(new ProducerRecord<>(topic, "k", "hello over " + name)).get(30, TimeUnit.SECONDS);
        }
        Map<String, Object> consumer = new HashMap<>(client);
        consumer.put("auto.offset.reset", "earliest");
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(consumer, new StringDeserializer(),
                new StringDeserializer())) {
            c.assign(List.of(new TopicPartition(topic, 0)));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            ConsumerRecords<String, String> got = ConsumerRecords.empty();
            while (got.isEmpty() && System.nanoTime() < deadline) {
                got = c.poll(Duration.ofMillis(200));
            }
            assertEquals(1, got.count(), "one record over " + name);
            assertEquals("hello over " + name, got.iterator().next().value());
        }
    }
}
