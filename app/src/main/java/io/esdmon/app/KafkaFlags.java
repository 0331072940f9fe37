package io.esdmon.app;

import io.esdmon.wire.KafkaClientSettings;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The Kafka client flags every command that talks to Kafka offers (a picocli mixin). Sources, later
 * ones winning: --kafka-config FILE, ESDMON_KAFKA_* environment variables, --kafka-property and
 * --bootstrap (docs/kafka.md).
 */
public final class KafkaFlags {

    @Option(names = "--bootstrap", paramLabel = "HOST:PORT", description = "Kafka bootstrap servers, "
            + "HOST:PORT[,HOST:PORT...] (or ESDMON_KAFKA_BOOTSTRAP_SERVERS)")
    String bootstrap;

    @Option(names = "--kafka-config", paramLabel = "FILE", description = "Java properties file of Kafka client "
            + "settings (security.protocol, sasl.*, ssl.*, ...)")
    Path kafkaConfig;

    @Option(names = "--kafka-property", paramLabel = "KEY=VALUE", description = "a Kafka client setting, e.g. "
            + "--kafka-property security.protocol=SSL")
    Map<String, String> kafkaProperties = new LinkedHashMap<>();

    /** The --bootstrap flag's value, else {@code fallback} (for printing commands without connecting). */
    public String bootstrapOr(String fallback) {
        return bootstrap != null ? bootstrap : fallback;
    }

    /**
     * The client properties from all sources.
     *
     * @throws IllegalArgumentException when no source gives bootstrap.servers
     * @throws java.io.UncheckedIOException when the --kafka-config file cannot be read
     */
    public Map<String, Object> resolve() {
        Map<String, String> explicit = new LinkedHashMap<>(kafkaProperties);
        if (bootstrap != null) {
            explicit.put("bootstrap.servers", bootstrap);
        }
        return KafkaClientSettings.resolve(kafkaConfig, System.getenv(), explicit);
    }
}
