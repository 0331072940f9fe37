package io.esdmon.testkit.cluster;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

/**
 * A real multi-node Kafka cluster for fault tests: every node is a {@link BrokerNode} in its own
 * child JVM (broker and controller, static quorum), so that {@link #kill} is a real SIGKILL of a
 * process, with no shutdown of any kind. Nodes are numbered from 1; their logs go to
 * {@code node-N.log} in the cluster's directory. A node whose parent JVM ends stops by itself
 * (its standard input closes).
 */
public final class KafkaCluster implements AutoCloseable {

    /** Fast failure detection for tests: a silent broker is fenced after 3 s (Kafka's default is 9 s). */
    public static final Map<String, String> FAST_FAILOVER = Map.of("broker.session.timeout.ms", "3000",
            "broker.heartbeat.interval.ms", "500", "group.initial.rebalance.delay.ms", "0");

    private final Path dir;
    private final String clusterId = Uuid.randomUuid().toString();
    private final Map<Integer, Integer> ports = new TreeMap<>();
    private final Map<Integer, Integer> controllerPorts = new TreeMap<>();
    private final Map<String, String> properties;
    private final Map<Integer, Process> processes = new TreeMap<>();

    private KafkaCluster(Path dir, int nodes, Map<String, String> properties) {
        this.dir = dir;
        this.properties = Map.copyOf(properties);
        for (int id = 1; id <= nodes; id++) {
            ports.put(id, freePort());
            controllerPorts.put(id, freePort());
        }
    }

    /**
     * Starts {@code nodes} nodes in parallel under {@code dir} with broker {@code properties} (for
     * example {@link #FAST_FAILOVER}) and returns once every one serves clients.
     */
    public static KafkaCluster start(Path dir, int nodes, Map<String, String> properties) {
        KafkaCluster c = new KafkaCluster(dir, nodes, properties);
        try {
            List<CompletableFuture<Void>> started = new ArrayList<>();
            for (int id = 1; id <= nodes; id++) {
                int node = id;
                started.add(CompletableFuture.runAsync(() -> c.startNode(node)));
            }
            CompletableFuture.allOf(started.toArray(CompletableFuture[]::new)).join();
            return c;
        } catch (RuntimeException e) {
            c.close();
            throw e;
        }
    }

    /** {@code host:port} of every node, for clients' bootstrap.servers. */
    public String bootstrapServers() {
        return ports.values().stream().map(p -> "localhost:" + p).collect(Collectors.joining(","));
    }

    /** A new admin client for the cluster; close it after use. */
    public Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()));
    }

    /** Node ids, 1..n. */
    public List<Integer> nodes() {
        return List.copyOf(ports.keySet());
    }

    /** Kills node {@code id} with SIGKILL and returns its exit status once it is gone (137: killed by signal 9). */
    public synchronized int kill(int id) throws InterruptedException {
        Process p = processes.remove(id);
        if (p == null) {
            throw new IllegalStateException("node " + id + " is not running");
        }
        p.destroyForcibly();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("node " + id + " (pid " + p.pid() + ") survived SIGKILL for 30 s");
        }
        return p.exitValue();
    }

    /** Starts node {@code id} again on its data directory and ports; returns once it serves clients. */
    public void restart(int id) {
        startNode(id);
    }

    private void startNode(int id) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx384m", "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), BrokerNode.class.getName(),
                "node=" + id, "cluster=" + clusterId, "port=" + ports.get(id), "data=" + dir.resolve("node-" + id),
                "voters=" + controllerPorts.entrySet().stream().map(e -> e.getKey() + ":" + e.getValue())
                        .collect(Collectors.joining(","))));
        properties.forEach((k, v) -> cmd.add("prop." + k + "=" + v));
        Process p;
        try {
            Files.createDirectories(dir);
            p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.appendTo(dir.resolve("node-" + id
                    + ".log").toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start node " + id + ": " + e.getMessage(), e);
        }
        synchronized (this) {
            processes.put(id, p);
        }
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line;
        try {
            while ((line = out.readLine()) != null && !line.startsWith("ready ")) {
                // skip whatever else the node prints
            }
        } catch (IOException e) {
            line = null;
        }
        if (line == null) {
            throw new IllegalStateException("node " + id + " exited before it was ready; see "
                    + dir.resolve("node-" + id + ".log"));
        }
        Thread drain = new Thread(() -> out.lines().forEach(l -> { }), "node-" + id + "-stdout");
        drain.setDaemon(true);
        drain.start();
    }

    /** Kills every node (its data is thrown away, so nothing needs a clean shutdown) and deletes the directory. */
    @Override
    public synchronized void close() {
        processes.values().forEach(Process::destroyForcibly);
        for (Process p : processes.values()) {
            try {
                p.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        processes.clear();
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // a leftover temporary directory is not worth failing a test for
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port: " + e.getMessage(), e);
        }
    }
}
