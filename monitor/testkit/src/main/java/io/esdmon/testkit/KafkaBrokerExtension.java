package io.esdmon.testkit;

import io.esdmon.broker.BrokerSettings;
import io.esdmon.broker.KafkaBroker;
import io.esdmon.wire.topics.EsdTopics;
import io.esdmon.wire.topics.TopicAdmin;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A real Kafka broker for integration tests, started once per test JVM (a start costs several
 * seconds) and stopped when the test run ends. Use {@code @ExtendWith(KafkaBrokerExtension.class)}
 * and take a {@link KafkaBroker} parameter in a test, a constructor or a {@code @BeforeAll} method.
 * Tests share the broker, so each should use its own topics ({@link #freshTopics}) or consumer groups.
 */
public final class KafkaBrokerExtension implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(
            KafkaBrokerExtension.class);
    private static final AtomicInteger TOPIC_SETS = new AtomicInteger();

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == KafkaBroker.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return shared(context);
    }

    /** The JVM's broker, started on first use; the root context closes it at the end of the run. */
    public static KafkaBroker shared(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(KafkaBroker.class,
                k -> startBroker(), KafkaBroker.class);
    }

    private static KafkaBroker startBroker() {
        try {
            return KafkaBroker.start(BrokerSettings.ephemeral(Files.createTempDirectory("esdmon-test-kafka")));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory for the test broker", e);
        }
    }

    /**
     * esdmon's topics under a prefix no other test in this JVM uses, created on the broker with
     * {@code partitions} partitions each (the dead-letter topic keeps its single partition).
     */
    public static EsdTopics freshTopics(KafkaBroker broker, int partitions) {
        EsdTopics topics = EsdTopics.withPrefix("t" + ProcessHandle.current().pid() + "-"
                + TOPIC_SETS.incrementAndGet() + ".");
        try (Admin admin = broker.admin()) {
            new TopicAdmin(admin, Duration.ofSeconds(30)).ensure(topics.specs(partitions, 1));
        }
        return topics;
    }
}
