package io.esdmon.pipeline;

import static io.esdmon.pipeline.Pipelines.await;
import static io.esdmon.pipeline.Pipelines.gaussian;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.esdmon.publisher.SnapshotPublisher;
import io.esdmon.publisher.StepInfo;
import io.esdmon.testkit.KafkaBrokerExtension;
import io.esdmon.testkit.SecureKafka;
import io.esdmon.testkit.SecureKafkaExtension;
import io.esdmon.wire.topics.EsdTopics;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The monitor's Kafka clients (admin, consumer, producer) over SCRAM on a TLS listener, and what a
 * refused login looks like: at start when it creates topics, in its stats when it only consumes.
 */
@ExtendWith(SecureKafkaExtension.class)
class SecureMonitorTest {

    private static final String MECHANISM = "SCRAM-SHA-256";
    private static Vertx vertx;

    @BeforeAll
    static void startVertx() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stopVertx() throws Exception {
        await(vertx.close());
    }

    @Test
    void analyzesOverSaslSsl(SecureKafka kafka) throws Exception {
        EsdTopics topics = KafkaBrokerExtension.freshTopics(kafka.broker(), 2);
        Map<String, Object> client = kafka.saslTls(MECHANISM, kafka.user(), kafka.password());
        MonitorConfig config = MonitorConfig.defaults(client).withTopics(topics).withGroupId("g-" + topics.snapshots())
                .withWorkers(1, 2);
        Monitor monitor = await(Monitor.start(vertx, config));
        try (SnapshotPublisher publisher = SnapshotPublisher.create(client, topics.snapshots())) {
            publisher.publishStep(StepInfo.of("tls-run", 1), List.of(gaussian("fc1", 64, 32, 1),
                    gaussian("fc2", 48, 64, 2))).get(60, TimeUnit.SECONDS);
            // read back on the PLAINTEXT listener: the analyses were written over SASL_SSL
            assertEquals(2, Pipelines.readAnalyses(kafka.broker(), topics.analyses(), 2).size());
            assertTrue(monitor.stats().loginFailure().isEmpty());
        } finally {
            await(monitor.stop());
        }
    }

    @Test
    void aRefusedLoginFailsTheStartWhenItCreatesTopics(SecureKafka kafka) {
        String wrong = "wrong-" + System.nanoTime();
        MonitorConfig config = MonitorConfig.defaults(kafka.sasl(MECHANISM, kafka.user(), wrong))
                .withTopics(EsdTopics.withPrefix("refused" + System.nanoTime() + "."));
        ExecutionException e = assertThrows(ExecutionException.class, () -> await(Monitor.start(vertx, config)));
        String message = e.getCause().getMessage();
        assertTrue(message.startsWith("Kafka at " + kafka.broker().bootstrapServers("SASL_PLAINTEXT")
                + " rejected the login (security.protocol SASL_PLAINTEXT, sasl.mechanism " + MECHANISM + ", user \""
                + kafka.user() + "\")"), message);
        assertFalse(message.contains(wrong), message);
    }

    @Test
    void aRefusedLoginOfTheConsumerShowsInItsStats(SecureKafka kafka) throws Exception {
        EsdTopics topics = KafkaBrokerExtension.freshTopics(kafka.broker(), 1);
        String wrong = "wrong-" + System.nanoTime();
        MonitorConfig config = MonitorConfig.defaults(kafka.sasl(MECHANISM, kafka.user(), wrong)).withTopics(topics)
                .withGroupId("g-" + topics.snapshots()).withWorkers(1, 2).withCreateTopics(false);
        Monitor monitor = await(Monitor.start(vertx, config));
        try {
            Optional<String> failure = Optional.empty();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (failure.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(200);
                failure = monitor.stats().loginFailure();
            }
            assertTrue(failure.isPresent(), "no login failure in the stats after 60 s");
            assertTrue(failure.get().contains("rejected the login (security.protocol SASL_PLAINTEXT, sasl.mechanism "
                    + MECHANISM + ", user \"" + kafka.user() + "\")"), failure.get());
            assertFalse(failure.get().contains(wrong), failure.get());
            assertEquals(0, monitor.stats().records());
        } finally {
            await(monitor.stop());
        }
    }
}
