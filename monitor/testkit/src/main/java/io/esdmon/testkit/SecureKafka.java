package io.esdmon.testkit;

import io.esdmon.broker.KafkaBroker;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A test broker with SASL and TLS listeners ({@link SecureKafkaExtension}) and the client settings
 * that reach it, in the Java client's names and in librdkafka's.
 *
 * @param broker       the broker (its PLAINTEXT listener stays open for admin work)
 * @param user         the SASL user the broker knows
 * @param password     that user's password
 * @param certificates the broker's self-signed certificate and a trust store for clients
 */
public record SecureKafka(KafkaBroker broker, String user, String password, TestCertificates certificates) {

    /** Java client properties for the SASL_PLAINTEXT listener with {@code mechanism} (PLAIN, SCRAM-SHA-256/512). */
    public Map<String, Object> sasl(String mechanism, String user, String password) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("bootstrap.servers", broker.bootstrapServers("SASL_PLAINTEXT"));
        p.put("security.protocol", "SASL_PLAINTEXT");
        p.put("sasl.mechanism", mechanism);
        p.put("sasl.jaas.config", jaas(mechanism, user, password));
        return p;
    }

    /** Java client properties for the SSL listener, trusting the test certificate. */
    public Map<String, Object> tls() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("bootstrap.servers", broker.bootstrapServers("SSL"));
        p.put("security.protocol", "SSL");
        p.put("ssl.truststore.type", "PKCS12");
        p.put("ssl.truststore.location", certificates.trustStore().toString());
        p.put("ssl.truststore.password", certificates.password());
        return p;
    }

    /** Java client properties for the SASL_SSL listener. */
    public Map<String, Object> saslTls(String mechanism, String user, String password) {
        Map<String, Object> p = tls();
        p.putAll(sasl(mechanism, user, password));
        p.put("bootstrap.servers", broker.bootstrapServers("SASL_SSL"));
        p.put("security.protocol", "SASL_SSL");
        return p;
    }

    /** librdkafka (Python publisher) settings for the SASL_PLAINTEXT listener; bootstrap is passed apart. */
    public Map<String, Object> librdkafkaSasl(String mechanism, String user, String password) {
        return Map.of("security.protocol", "SASL_PLAINTEXT", "sasl.mechanism", mechanism, "sasl.username", user,
                "sasl.password", password);
    }

    /** The JAAS line of a Java client logging in as {@code user}. */
    public static String jaas(String mechanism, String user, String password) {
        String module = mechanism.startsWith("SCRAM") ? "org.apache.kafka.common.security.scram.ScramLoginModule"
                : "org.apache.kafka.common.security.plain.PlainLoginModule";
        return module + " required username=\"" + user + "\" password=\"" + password + "\";";
    }
}
