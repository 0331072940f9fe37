package io.esdmon.wire;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;

/**
 * Turns Kafka's authentication exceptions into one line that says which listener, mechanism and user
 * failed and what to check, for esdmon's commands and health checks. Never includes a password: the
 * user name is read from {@code sasl.jaas.config}, nothing else of it.
 */
public final class KafkaLoginFailure {

    private static final Pattern USERNAME = Pattern.compile("username\\s*=\\s*\"([^\"]*)\"");

    private KafkaLoginFailure() {
    }

    /** Whether {@code error} or one of its causes is an authentication failure (SASL or TLS). */
    public static boolean isLoginFailure(Throwable error) {
        return find(error).isPresent();
    }

    /**
     * One line describing the authentication failure in {@code error}'s cause chain, for a client
     * configured with {@code clientProperties}; empty when {@code error} is something else.
     */
    public static Optional<String> describe(Throwable error, Map<String, ?> clientProperties) {
        return find(error).map(e -> message(e, clientProperties));
    }

    private static Optional<AuthenticationException> find(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof AuthenticationException a) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    private static String message(AuthenticationException e, Map<String, ?> p) {
        String bootstrap = String.valueOf(p.get("bootstrap.servers"));
        String protocol = p.get("security.protocol") == null ? "PLAINTEXT" : p.get("security.protocol").toString();
        String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (e instanceof SslAuthenticationException) {
            return "the TLS handshake with Kafka at " + bootstrap + " (security.protocol " + protocol + ") failed: "
                    + firstLine(why) + ". Check ssl.truststore.location/ssl.truststore.type (the CA that signed the"
                    + " broker's certificate), that the certificate names the host in bootstrap.servers"
                    + " (ssl.endpoint.identification.algorithm), and any client key store the listener requires.";
        }
        String mechanism = p.get("sasl.mechanism") == null ? "GSSAPI" : p.get("sasl.mechanism").toString();
        String user = p.get("sasl.jaas.config") == null ? null : user(p.get("sasl.jaas.config").toString());
        return "Kafka at " + bootstrap + " rejected the login (security.protocol " + protocol + ", sasl.mechanism "
                + mechanism + (user == null ? ", no user name in sasl.jaas.config" : ", user \"" + user + "\"")
                + "): " + firstLine(why) + ". Check the user name and password in sasl.jaas.config"
                + " (or ESDMON_KAFKA_SASL_JAAS_CONFIG), that the broker has that user for " + mechanism
                + " (SCRAM users are created with kafka-configs --alter --add-config), and that this listener"
                + " enables " + mechanism + ".";
    }

    private static String user(String jaas) {
        Matcher m = USERNAME.matcher(jaas);
        return m.find() ? m.group(1) : null;
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        String line = nl < 0 ? s : s.substring(0, nl);
        return line.endsWith(".") ? line.substring(0, line.length() - 1) : line;
    }
}
