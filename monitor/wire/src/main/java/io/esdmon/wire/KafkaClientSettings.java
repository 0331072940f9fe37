package io.esdmon.wire;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Kafka client properties passed through to esdmon's producers, consumers and admin clients
 * untouched (bootstrap.servers, security.protocol, sasl.*, ssl.*, ...), from three sources, later
 * ones winning: a Java properties file, environment variables, and explicit settings (command-line
 * flags). An environment variable {@code ESDMON_KAFKA_SASL_JAAS_CONFIG} becomes
 * {@code sasl.jaas.config}: the prefix is dropped, the rest lower-cased, '_' becomes '.'.
 */
public final class KafkaClientSettings {

    /** Prefix of the environment variables that become client properties. */
    public static final String ENV_PREFIX = "ESDMON_KAFKA_";

    private KafkaClientSettings() {
    }

    /** The client properties in {@code env} (normally {@link System#getenv()}). */
    public static Map<String, String> fromEnvironment(Map<String, String> env) {
        Map<String, String> out = new TreeMap<>();
        env.forEach((name, value) -> {
            if (name.startsWith(ENV_PREFIX) && name.length() > ENV_PREFIX.length()) {
                out.put(name.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.'), value);
            }
        });
        return out;
    }

    /** The properties of a Java properties file (UTF-8). */
    public static Map<String, String> fromFile(Path file) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read Kafka client properties from " + file + ": " + e.getMessage(),
                    e);
        }
        Map<String, String> out = new TreeMap<>();
        p.stringPropertyNames().forEach(k -> out.put(k, p.getProperty(k)));
        return out;
    }

    /**
     * The properties from all sources: {@code file} (may be null), then {@code env}, then
     * {@code explicit}. Throws if no source names bootstrap.servers.
     */
    public static Map<String, Object> resolve(Path file, Map<String, String> env, Map<String, String> explicit) {
        Map<String, Object> out = new TreeMap<>();
        if (file != null) {
            out.putAll(fromFile(file));
        }
        out.putAll(fromEnvironment(env));
        out.putAll(explicit);
        if (out.get("bootstrap.servers") == null || out.get("bootstrap.servers").toString().isBlank()) {
            throw new IllegalArgumentException("no Kafka bootstrap servers: pass --bootstrap HOST:PORT, set "
                    + ENV_PREFIX + "BOOTSTRAP_SERVERS, or put bootstrap.servers in the client properties file");
        }
        return out;
    }
}
