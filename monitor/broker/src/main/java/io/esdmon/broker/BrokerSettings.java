package io.esdmon.broker;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Where and how to run a broker: a single node by default, or one node of a multi-node cluster
 * ({@link #quorum}).
 *
 * @param host            interface the listeners bind to and the host clients are told to use
 * @param port            client (PLAINTEXT) port; 0 picks a free one
 * @param controllerPort  KRaft controller port; 0 picks a free one. Keep it fixed when the data
 *                        directory is reused across restarts.
 * @param dataDir         log and metadata directory; formatted on first use, reused afterwards
 * @param deleteOnClose   delete dataDir when the broker closes (for throw-away test brokers)
 * @param overrides       extra broker properties (Kafka's names); they win over esdmon's defaults
 * @param quorum          the cluster this node belongs to, or empty for a single node (formatted
 *                        {@code --standalone}); a member's controller port is the quorum's
 */
public record BrokerSettings(String host, int port, int controllerPort, Path dataDir, boolean deleteOnClose,
        Map<String, String> overrides, Optional<Quorum> quorum) {

    /** A single node. */
    public BrokerSettings(String host, int port, int controllerPort, Path dataDir, boolean deleteOnClose,
            Map<String, String> overrides) {
        this(host, port, controllerPort, dataDir, deleteOnClose, overrides, Optional.empty());
    }

    public BrokerSettings {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("the broker needs a host name to bind to, e.g. localhost");
        }
        checkPort("port", port);
        checkPort("controller port", controllerPort);
        if (port != 0 && port == controllerPort) {
            throw new IllegalArgumentException("the client port and the controller port must differ, both are " + port);
        }
        if (dataDir == null) {
            throw new IllegalArgumentException("the broker needs a data directory");
        }
        overrides = Map.copyOf(overrides);
        if (quorum == null) {
            throw new IllegalArgumentException("quorum must be a Quorum or Optional.empty() (a single node)");
        }
        if (quorum.isPresent() && controllerPort != 0 && controllerPort != quorum.get().controllerPort()) {
            throw new IllegalArgumentException("node " + quorum.get().nodeId() + " has controller port "
                    + quorum.get().controllerPort() + " in its quorum but " + controllerPort + " in its settings");
        }
    }

    /** A broker on localhost with free ports and a data directory deleted on close. */
    public static BrokerSettings ephemeral(Path dataDir) {
        return new BrokerSettings("localhost", 0, 0, dataDir, true, Map.of());
    }

    public BrokerSettings withOverrides(Map<String, String> extra) {
        return new BrokerSettings(host, port, controllerPort, dataDir, deleteOnClose, extra, quorum);
    }

    /** This node as a member of {@code q}. */
    public BrokerSettings withQuorum(Quorum q) {
        return new BrokerSettings(host, port, q.controllerPort(), dataDir, deleteOnClose, overrides, Optional.of(q));
    }

    private static void checkPort(String what, int p) {
        if (p < 0 || p > 65535) {
            throw new IllegalArgumentException(what + " must be in 0..65535 (0 = any free port), got " + p);
        }
    }
}
