package io.esdmon.broker;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Authenticated client listeners of a {@link KafkaBroker}, next to its PLAINTEXT one (which stays for
 * inter-broker traffic and admin work): a {@code SASL_PLAINTEXT} listener accepting PLAIN,
 * SCRAM-SHA-256 and SCRAM-SHA-512 for {@code users}; with {@code tls} also an {@code SSL} listener and,
 * when there are users, a {@code SASL_SSL} one. No authorizer runs: an authenticated user may do
 * anything.
 *
 * @param users user name to password; empty for no SASL listener
 * @param tls   the broker's key store, or empty for no TLS listeners
 */
public record BrokerSecurity(Map<String, String> users, Optional<KeyStore> tls) {

    /** Only the PLAINTEXT listener. */
    public static final BrokerSecurity NONE = new BrokerSecurity(Map.of(), Optional.empty());

    /** SASL mechanisms the SASL listeners enable. */
    public static final String MECHANISMS = "PLAIN,SCRAM-SHA-256,SCRAM-SHA-512";

    /**
     * A PKCS12 key store holding the broker's private key and certificate.
     *
     * @param location the .p12 file
     * @param password its store and key password
     */
    public record KeyStore(Path location, String password) {
        public KeyStore {
            if (location == null || password == null || password.isEmpty()) {
                throw new IllegalArgumentException("a TLS key store needs a file and a non-empty password");
            }
        }

        @Override
        public String toString() {
            return "KeyStore[" + location + ", password hidden]";
        }
    }

    public BrokerSecurity {
        users = Map.copyOf(users);
        users.forEach((user, password) -> {
            if (user.isBlank() || user.contains("\"") || password.isEmpty() || password.contains("\"")) {
                throw new IllegalArgumentException("SASL user names and passwords must be non-empty and without"
                        + " double quotes (they go into a JAAS line); got user '" + user + "'");
            }
        });
    }

    /** SASL listeners for these users. */
    public static BrokerSecurity sasl(Map<String, String> users) {
        return new BrokerSecurity(users, Optional.empty());
    }

    /** The same users with TLS listeners using {@code keyStore}. */
    public BrokerSecurity withTls(KeyStore keyStore) {
        return new BrokerSecurity(users, Optional.of(keyStore));
    }

    boolean sasl() {
        return !users.isEmpty();
    }

    @Override
    public String toString() {
        return "BrokerSecurity[users=" + users.keySet() + ", tls=" + tls + "]";
    }
}
