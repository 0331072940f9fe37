package io.esdmon.broker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;

/** The broker properties and SCRAM credentials of {@link BrokerSecurity}'s listeners. */
final class SecureListeners {

    private static final String PLAIN_MODULE = "org.apache.kafka.common.security.plain.PlainLoginModule";
    private static final String SCRAM_MODULE = "org.apache.kafka.common.security.scram.ScramLoginModule";

    private SecureListeners() {
    }

    /** Security protocol to {@code host:port}, on free ports distinct from the two taken ones. */
    static Map<String, String> claim(String host, BrokerSecurity security, int... taken) {
        List<String> protocols = new ArrayList<>();
        if (security.sasl()) {
            protocols.add("SASL_PLAINTEXT");
        }
        if (security.tls().isPresent()) {
            protocols.add("SSL");
            if (security.sasl()) {
                protocols.add("SASL_SSL");
            }
        }
        Map<String, String> out = new LinkedHashMap<>();
        List<Integer> used = new ArrayList<>();
        for (int t : taken) {
            used.add(t);
        }
        for (String protocol : protocols) {
            int port;
            do {
                port = Ports.claim(host, 0, protocol + " port");
            } while (used.contains(port));
            used.add(port);
            out.put(protocol, host + ":" + port);
        }
        return out;
    }

    /** Adds the listeners (named after their protocol) and their SASL and TLS settings to {@code props}. */
    static void configure(Properties props, Map<String, String> listeners, BrokerSecurity security) {
        if (listeners.isEmpty()) {
            return;
        }
        StringBuilder names = new StringBuilder(props.getProperty("listeners"));
        StringBuilder advertised = new StringBuilder(props.getProperty("advertised.listeners"));
        StringBuilder protocolMap = new StringBuilder(props.getProperty("listener.security.protocol.map"));
        listeners.forEach((protocol, address) -> {
            names.append(',').append(protocol).append("://").append(address);
            advertised.append(',').append(protocol).append("://").append(address);
            protocolMap.append(',').append(protocol).append(':').append(protocol);
            String prefix = "listener.name." + protocol.toLowerCase(Locale.ROOT) + ".";
            if (protocol.startsWith("SASL_")) {
                props.put(prefix + "sasl.enabled.mechanisms", BrokerSecurity.MECHANISMS);
                StringBuilder plain = new StringBuilder(PLAIN_MODULE + " required");
                security.users().forEach((user, password) -> plain.append(" user_").append(user).append("=\"")
                        .append(password).append('"'));
                props.put(prefix + "plain.sasl.jaas.config", plain.append(';').toString());
                props.put(prefix + "scram-sha-256.sasl.jaas.config", SCRAM_MODULE + " required;");
                props.put(prefix + "scram-sha-512.sasl.jaas.config", SCRAM_MODULE + " required;");
            }
            if (protocol.endsWith("SSL")) {
                BrokerSecurity.KeyStore ks = security.tls().orElseThrow();
                props.put(prefix + "ssl.keystore.type", "PKCS12");
                props.put(prefix + "ssl.keystore.location", ks.location().toAbsolutePath().toString());
                props.put(prefix + "ssl.keystore.password", ks.password());
                props.put(prefix + "ssl.key.password", ks.password());
            }
        });
        props.put("listeners", names.toString());
        props.put("advertised.listeners", advertised.toString());
        props.put("listener.security.protocol.map", protocolMap.toString());
    }

    /**
     * Stores SCRAM-SHA-256 and -512 credentials for every user through the controller, then waits until
     * one of them can log in on {@code saslAddress} (the broker applies metadata shortly after the controller).
     */
    static void addScramUsers(Admin admin, Map<String, String> users, String saslAddress, Duration timeout) {
        // one request per mechanism: Kafka refuses two alterations of one user in a request
        for (ScramMechanism m : List.of(ScramMechanism.SCRAM_SHA_256, ScramMechanism.SCRAM_SHA_512)) {
            List<UserScramCredentialAlteration> upserts = new ArrayList<>();
            users.forEach((user, password) -> upserts.add(new UserScramCredentialUpsertion(user,
                    new ScramCredentialInfo(m, 4096), password)));
            try {
                admin.alterUserScramCredentials(upserts).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException | TimeoutException e) {
                throw new IllegalStateException("could not store " + m + " credentials for " + users.keySet() + ": "
                        + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while storing SCRAM credentials", e);
            }
        }
        Map.Entry<String, String> probe = users.entrySet().iterator().next();
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            try (Admin user = Admin.create(Map.of("bootstrap.servers", saslAddress,
                    "security.protocol", "SASL_PLAINTEXT", "sasl.mechanism", "SCRAM-SHA-512",
                    "sasl.jaas.config", SCRAM_MODULE + " required username=\"" + probe.getKey() + "\" password=\""
                            + probe.getValue() + "\";"))) {
                user.describeCluster().nodes().get(5, TimeUnit.SECONDS);
                return;
            } catch (ExecutionException | TimeoutException e) {
                last = e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for SCRAM credentials", e);
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for SCRAM credentials", e);
            }
        }
        throw new IllegalStateException("SCRAM user " + probe.getKey() + " could not log in on " + saslAddress
                + " within " + timeout + ": " + (last == null ? "no attempt" : last.getMessage()));
    }
}
