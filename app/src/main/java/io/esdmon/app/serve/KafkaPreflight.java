package io.esdmon.app.serve;

import io.esdmon.wire.KafkaLoginFailure;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

/**
 * Logs in to Kafka once before {@code esdmon serve} starts anything, so that refused credentials or a
 * failed TLS handshake end the start with one clear line instead of clients retrying in the
 * background. An unreachable Kafka is not decided here: the monitor and the dashboard wait for it.
 * PLAINTEXT connections are not tried (no login to refuse), so they start without delay.
 */
final class KafkaPreflight {

    private KafkaPreflight() {
    }

    /** The login failure's one-line description, or empty when the login worked or Kafka did not answer. */
    static Optional<String> loginRefusal(Map<String, Object> client, Duration timeout) {
        Object protocol = client.getOrDefault("security.protocol", "PLAINTEXT");
        if (String.valueOf(protocol).equalsIgnoreCase("PLAINTEXT")) {
            return Optional.empty(); // nothing to refuse: no login, no handshake
        }
        Map<String, Object> props = new HashMap<>(client);
        props.put("client.id", "esdmon-preflight");
        try (Admin admin = Admin.create(props)) {
            admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) timeout.toMillis())).nodes()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return Optional.empty();
        } catch (ExecutionException e) {
            return KafkaLoginFailure.describe(e, client);
        } catch (TimeoutException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
