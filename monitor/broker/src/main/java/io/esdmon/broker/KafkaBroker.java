package io.esdmon.broker;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.AppInfoParser;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Kafka broker in this JVM: one KRaft node that is both controller and broker, the same
 * server code as Kafka's own distribution ({@code kafka_2.13}). {@link #start} formats the data
 * directory on first use (keeping it on later starts) and returns once clients can connect.
 *
 * <p>Settings for one node: internal topics (consumer offsets, transaction state, share-group
 * state) are created with replication factor 1, otherwise consumer groups would wait forever for
 * replicas; the first consumer group rebalance is not delayed. A member of a cluster
 * ({@link BrokerSettings#quorum()}) replicates them on min(3, nodes) nodes with min.insync.replicas
 * min(2, nodes), and {@link #start} returns once the cluster (a majority of its nodes) has registered it.
 */
public final class KafkaBroker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaBroker.class);
    private static final int SINGLE_NODE_ID = 1;

    private final KafkaRaftServer server;
    private final BrokerSettings settings;
    private final String bootstrap;
    private final Map<String, String> secureListeners;
    private boolean closed;

    private KafkaBroker(KafkaRaftServer server, BrokerSettings settings, String bootstrap,
            Map<String, String> secureListeners) {
        this.server = server;
        this.settings = settings;
        this.bootstrap = bootstrap;
        this.secureListeners = secureListeners;
    }

    /**
     * Starts a broker. Throws {@link PortInUseException} when a port is taken and
     * {@link IllegalStateException} with the cause when the broker cannot start.
     */
    public static KafkaBroker start(BrokerSettings settings) {
        return start(settings, BrokerSecurity.NONE);
    }

    /**
     * Starts a broker with the authenticated listeners of {@code security} (on free ports) next to the
     * PLAINTEXT one; returns once SASL users can log in with every mechanism.
     */
    public static KafkaBroker start(BrokerSettings settings, BrokerSecurity security) {
        int port = Ports.claim(settings.host(), settings.port(), "port");
        int controllerPort = Ports.claim(settings.host(), settings.quorum().map(Quorum::controllerPort)
                .orElse(settings.controllerPort()), "controller port");
        if (controllerPort == port) {
            controllerPort = Ports.claim(settings.host(), 0, "controller port");
        }
        Map<String, String> secure = SecureListeners.claim(settings.host(), security, port, controllerPort);
        Path dataDir = settings.dataDir().toAbsolutePath();
        Properties props = serverProperties(settings, port, controllerPort, dataDir);
        SecureListeners.configure(props, secure, security);
        format(props, dataDir, settings.quorum());
        KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
        String bootstrap = settings.host() + ":" + port;
        KafkaBroker broker = new KafkaBroker(server, settings, bootstrap, secure);
        try {
            server.startup();
            broker.awaitReady(nodeId(settings), Duration.ofSeconds(120));
            if (security.sasl()) {
                try (Admin admin = broker.admin()) {
                    SecureListeners.addScramUsers(admin, security.users(), secure.get("SASL_PLAINTEXT"),
                            Duration.ofSeconds(30));
                }
            }
        } catch (RuntimeException e) {
            broker.close();
            throw new IllegalStateException("the Kafka broker at " + bootstrap + " did not start: " + e.getMessage(),
                    e);
        }
        LOG.info("Kafka {} broker ready at {}{} (data in {})", AppInfoParser.getVersion(), bootstrap,
                secure.isEmpty() ? "" : ", " + secure, dataDir);
        return broker;
    }

    /** {@code host:port} for clients' bootstrap.servers (the PLAINTEXT listener). */
    public String bootstrapServers() {
        return bootstrap;
    }

    /**
     * {@code host:port} of an authenticated listener started with {@link BrokerSecurity}:
     * {@code SASL_PLAINTEXT}, {@code SSL} or {@code SASL_SSL} (the security.protocol clients set).
     *
     * @throws IllegalArgumentException when this broker has no such listener
     */
    public String bootstrapServers(String securityProtocol) {
        String address = securityProtocol.equals("PLAINTEXT") ? bootstrap : secureListeners.get(securityProtocol);
        if (address == null) {
            throw new IllegalArgumentException("this broker has no " + securityProtocol + " listener; it has PLAINTEXT"
                    + (secureListeners.isEmpty() ? "" : " and " + secureListeners.keySet())
                    + " (start it with BrokerSecurity for SASL and TLS listeners)");
        }
        return address;
    }

    public Path dataDir() {
        return settings.dataDir();
    }

    /** The Kafka version this broker runs. */
    public static String kafkaVersion() {
        return AppInfoParser.getVersion();
    }

    /** A new admin client for this broker; close it after use. */
    public Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
    }

    /** Stops the broker cleanly (controlled shutdown, logs flushed); idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            server.shutdown();
            server.awaitShutdown();
        } finally {
            if (settings.deleteOnClose()) {
                deleteTree(settings.dataDir());
            }
        }
    }

    static Properties serverProperties(BrokerSettings s, int port, int controllerPort, Path dataDir) {
        Map<String, String> p = new TreeMap<>();
        String host = s.host();
        p.put("process.roles", "broker,controller");
        p.put("node.id", String.valueOf(nodeId(s)));
        if (s.quorum().isPresent()) {
            p.put("controller.quorum.voters", s.quorum().get().voters(host));
        } else {
            p.put("controller.quorum.bootstrap.servers", host + ":" + controllerPort);
        }
        int nodes = s.quorum().map(Quorum::size).orElse(1);
        String replicas = String.valueOf(Math.min(3, nodes));
        String minIsr = String.valueOf(Math.min(2, nodes));
        p.put("listeners", "PLAINTEXT://" + host + ":" + port + ",CONTROLLER://" + host + ":" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://" + host + ":" + port + ",CONTROLLER://" + host + ":"
                + controllerPort);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT");
        p.put("log.dirs", dataDir.resolve("log").toString());
        p.put("num.partitions", "1");
        p.put("offsets.topic.replication.factor", replicas);
        p.put("offsets.topic.num.partitions", "10");
        p.put("transaction.state.log.replication.factor", replicas);
        p.put("transaction.state.log.min.isr", minIsr);
        p.put("share.coordinator.state.topic.replication.factor", replicas);
        p.put("share.coordinator.state.topic.min.isr", minIsr);
        p.put("min.insync.replicas", minIsr);
        p.put("group.initial.rebalance.delay.ms", "0");
        p.putAll(s.overrides());
        Properties props = new Properties();
        props.putAll(p);
        return props;
    }

    private static int nodeId(BrokerSettings s) {
        return s.quorum().map(Quorum::nodeId).orElse(SINGLE_NODE_ID);
    }

    /**
     * Formats the storage unless it already is: {@code --standalone} for a single node, with the
     * quorum's cluster id (and its static voters from the properties) for a cluster member.
     */
    private static void format(Properties props, Path dataDir, java.util.Optional<Quorum> quorum) {
        if (Files.exists(dataDir.resolve("log").resolve("meta.properties"))) {
            return;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code;
        try {
            Files.createDirectories(dataDir);
            Path config = dataDir.resolve("server.properties");
            try (OutputStream os = Files.newOutputStream(config)) {
                props.store(os, "written by esdmon to format this directory; later starts do not read it");
            }
            String[] args = quorum.isPresent()
                    ? new String[] {"format", "--config", config.toString(), "--cluster-id", quorum.get().clusterId()}
                    : new String[] {"format", "--config", config.toString(), "--cluster-id",
                            Uuid.randomUuid().toString(), "--standalone"};
            code = StorageTool.execute(args, new PrintStream(out, true, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the broker data directory " + dataDir + ": "
                    + e.getMessage(), e);
        } catch (Exception e) {
            throw new IllegalStateException("formatting the broker storage in " + dataDir + " failed: "
                    + e.getMessage() + "\n" + out.toString(StandardCharsets.UTF_8), e);
        }
        if (code != 0) {
            throw new IllegalStateException("formatting the broker storage in " + dataDir + " failed (exit " + code
                    + "):\n" + out.toString(StandardCharsets.UTF_8));
        }
    }

    /** Waits until the cluster lists this node among its brokers. */
    private void awaitReady(int nodeId, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = admin()) {
            while (true) {
                try {
                    if (admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).stream()
                            .anyMatch(n -> n.id() == nodeId)) {
                        return;
                    }
                } catch (Exception e) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("no broker answered within " + timeout, e);
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the broker registered no node within " + timeout);
                }
                Thread.sleep(100);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the broker", e);
        }
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.warn("could not delete the broker data directory {}: {}", root, e.getMessage());
        }
    }
}
