package io.esdmon.testkit;

import io.esdmon.broker.BrokerSecurity;
import io.esdmon.broker.BrokerSettings;
import io.esdmon.broker.KafkaBroker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A second test broker, started once per test JVM on first use, with a SASL_PLAINTEXT listener (PLAIN,
 * SCRAM-SHA-256, SCRAM-SHA-512 for one user with a random password), an SSL listener and a SASL_SSL
 * listener using a self-signed certificate for localhost. Take a {@link SecureKafka} parameter.
 */
public final class SecureKafkaExtension implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(
            SecureKafkaExtension.class);

    /** The SASL user of the secure broker. */
    public static final String USER = "esdmon-test";

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == SecureKafka.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(Closing.class, k -> start(),
                Closing.class).kafka();
    }

    /** Closes the broker when the root context (the test run) ends. */
    private record Closing(SecureKafka kafka) implements AutoCloseable {
        @Override
        public void close() {
            kafka.broker().close();
        }
    }

    private static Closing start() {
        try {
            Path dir = Files.createTempDirectory("esdmon-secure-kafka");
            String password = "pw-" + UUID.randomUUID();
            TestCertificates certs = TestCertificates.generate(dir, "store-" + UUID.randomUUID());
            KafkaBroker broker = KafkaBroker.start(BrokerSettings.ephemeral(dir.resolve("data")),
                    BrokerSecurity.sasl(Map.of(USER, password)).withTls(certs.keyStore()));
            return new Closing(new SecureKafka(broker, USER, password, certs));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory for the secure test broker", e);
        }
    }
}
