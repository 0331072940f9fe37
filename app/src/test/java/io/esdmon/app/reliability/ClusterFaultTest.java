package io.esdmon.app.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.InvalidProtocolBufferException;
import io.esdmon.app.serve.ServeProcess;
import io.esdmon.proto.LayerAnalysis;
import io.esdmon.proto.PhaseTransition;
import io.esdmon.publisher.LayerReceipt;
import io.esdmon.publisher.SnapshotPublisher;
import io.esdmon.testkit.TopicRecords;
import io.esdmon.testkit.TopicWatch;
import io.esdmon.testkit.cluster.KafkaCluster;
import io.esdmon.wire.topics.EsdTopics;
import io.esdmon.wire.topics.TopicAdmin;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scale-out and faults with real processes: a 3-node KRaft cluster (each node a child JVM;
 * replication factor 3, min.insync.replicas 2, producers acks=all) and two {@code esdmon serve}
 * monitors (child JVMs) in one consumer group. While a scripted stream of snapshots flows, one
 * broker is killed with SIGKILL, later one monitor is killed with SIGKILL and later restarted.
 * Afterwards every published (run, layer, step) has exactly one analysis after de-duplication by
 * id, with the phase its script says, none is missing, every transition the script implies is on
 * esd.transitions exactly once after de-duplication and no other, and nothing was dead-lettered.
 * The figures (published, analyzed, duplicates, recovery times) are printed.
 */
class ClusterFaultTest {

    private static final String GROUP = "faults";
    private static final int PARTITIONS = 6;
    private static final int STEPS = 80;
    private static final int KILL_BROKER_AT = 15;
    private static final int KILL_MONITOR_AT = 30;
    private static final int RESTART_MONITOR_AT = 45;
    /** The restarted monitor must own partitions by this step, so that the last steps flow to both. */
    private static final int REJOINED_BY = 60;
    private static final long STEP_PAUSE_MS = 200;
    private static final Duration WAIT = Duration.ofSeconds(180);

    @TempDir
    Path dir;

    @Test
    void killingABrokerAndAMonitorLosesAndRepeatsNothingAfterDeduplication() throws Exception {
        PhaseScript script = PhaseScript.random("faults", 12, STEPS, 42);
        EsdTopics topics = EsdTopics.withPrefix("ft.");
        long t0 = System.nanoTime();
        try (KafkaCluster cluster = KafkaCluster.start(dir.resolve("kafka"), 3, KafkaCluster.FAST_FAILOVER)) {
            System.out.printf(Locale.ROOT, "faults: 3-node cluster up in %.1f s%n", seconds(System.nanoTime() - t0));
            String bootstrap = cluster.bootstrapServers();
            try (Admin admin = cluster.admin()) {
                new TopicAdmin(admin, Duration.ofSeconds(30)).ensure(topics.specs(PARTITIONS, 3));
                checkReplication(admin, topics.snapshots());
            }
            List<ServeProcess> monitors = new ArrayList<>();
            try {
                CompletableFuture<ServeProcess> a = CompletableFuture.supplyAsync(() -> monitor(bootstrap, "monitor-a"));
                CompletableFuture<ServeProcess> b = CompletableFuture.supplyAsync(() -> monitor(bootstrap, "monitor-b"));
                monitors.add(a.join());
                monitors.add(b.join());
                try (Admin admin = cluster.admin()) {
                    ConsumerGroups.awaitMembers(admin, GROUP, Set.of("monitor-a", "monitor-b"), WAIT);
                }
                run(script, topics, cluster, monitors);
            } finally {
                for (ServeProcess m : monitors) {
                    m.close();
                }
            }
        }
    }

    private void run(PhaseScript script, EsdTopics topics, KafkaCluster cluster, List<ServeProcess> monitors)
            throws Exception {
        String bootstrap = cluster.bootstrapServers();
        Map<Integer, Long> ackedAt = new ConcurrentHashMap<>();
        Map<String, Integer> partitionOf = new ConcurrentHashMap<>();
        long brokerKilledAt = 0;
        long monitorKilledAt = 0;
        long restartedAt = 0;
        long rejoinedAt = 0;
        int brokerExit = 0;
        int monitorExit = 0;
        int killedNode = 0;
        Set<Integer> partitionsOfKilled = Set.of();
        CompletableFuture<ServeProcess> restarted = null;
        try (TopicWatch watch = new TopicWatch(bootstrap, List.of(topics.analyses(), topics.transitions()));
                SnapshotPublisher publisher = SnapshotPublisher.create(Map.of("bootstrap.servers", bootstrap),
                        topics.snapshots())) {
            for (int step = 0; step < STEPS; step++) {
                if (step == KILL_BROKER_AT) {
                    try (Admin admin = cluster.admin()) {
                        killedNode = admin.describeTopics(List.of(topics.snapshots())).allTopicNames().get()
                                .get(topics.snapshots()).partitions().get(0).leader().id();
                    }
                    brokerKilledAt = System.nanoTime();
                    brokerExit = cluster.kill(killedNode);
                }
                if (step == KILL_MONITOR_AT) {
                    try (Admin admin = cluster.admin()) {
                        partitionsOfKilled = ConsumerGroups.partitionsOf(admin, GROUP, "monitor-b");
                    }
                    monitorKilledAt = System.nanoTime();
                    monitorExit = monitors.get(1).kill();
                }
                if (step == RESTART_MONITOR_AT) {
                    restartedAt = System.nanoTime();
                    restarted = CompletableFuture.supplyAsync(() -> monitor(bootstrap, "monitor-b"));
                }
                if (step == REJOINED_BY) {
                    monitors.add(restarted.join());
                    try (Admin admin = cluster.admin()) {
                        ConsumerGroups.awaitMembers(admin, GROUP, Set.of("monitor-a", "monitor-b"), WAIT);
                    }
                    rejoinedAt = System.nanoTime();
                }
                for (LayerReceipt r : script.publish(publisher, step)) {
                    partitionOf.put(r.layer(), r.partition());
                }
                ackedAt.put(step, System.nanoTime());
                Thread.sleep(STEP_PAUSE_MS);
            }
            long lastAck = System.nanoTime();
            Set<String> expectedIds = new HashSet<>(script.analysisIds());
            TopicWatch.await(() -> distinctIds(watch.arrivals(topics.analyses())).containsAll(expectedIds), WAIT,
                    () -> distinctIds(watch.arrivals(topics.analyses())).size() + " of " + expectedIds.size()
                            + " analyses");
            long caughtUp = System.nanoTime();
            ServeProcess b2 = monitors.get(monitors.size() - 1);
            long b2Analyses = b2.health().getLong("analyses");
            List<PhaseScript.Expected> want = script.expectedTransitions();
            TopicWatch.await(() -> distinctTransitions(watch.arrivals(topics.transitions())).size() >= want.size(),
                    WAIT, () -> "transitions: " + distinctTransitions(watch.arrivals(topics.transitions())).size()
                            + " of " + want.size());

            List<LayerAnalysis> raw = TopicRecords.readAll(bootstrap, topics.analyses(), WAIT).stream()
                    .map(r -> parse(r, LayerAnalysis::parseFrom)).toList();
            Map<String, List<LayerAnalysis>> byId = raw.stream().collect(Collectors.groupingBy(
                    LayerAnalysis::getAnalysisId));
            assertEquals(expectedIds, byId.keySet(), "every published snapshot analyzed, nothing else");
            for (List<LayerAnalysis> copies : byId.values()) {
                LayerAnalysis first = copies.get(0);
                assertEquals(script.phase(first.getLayerStep().getLayer(), first.getLayerStep().getStep()),
                        first.getPhase().getPhase(), first.getLayerStep().toString());
                assertEquals(1, copies.stream().map(c -> c.toBuilder().clearAnalyzedAt().clearEngineNanos().build())
                        .distinct().count(), "copies of one analysis id say the same");
            }
            List<PhaseTransition> rawTransitions = TopicRecords.readAll(bootstrap, topics.transitions(), WAIT)
                    .stream().map(r -> parse(r, PhaseTransition::parseFrom)).toList();
            Map<String, List<PhaseTransition>> transitionsById = rawTransitions.stream().collect(
                    Collectors.groupingBy(PhaseTransition::getTransitionId));
            transitionsById.values().forEach(copies -> assertEquals(1, copies.stream().map(t -> t.toBuilder()
                    .clearDetectedAt().build()).distinct().count(), "copies of one transition id say the same"));
            assertEquals(want, transitionsById.values().stream().map(c -> PhaseScript.Expected.of(c.get(0)))
                    .sorted(PhaseScript.Expected.ORDER).toList(), "every transition once after de-duplication");
            assertTrue(TopicRecords.readAll(bootstrap, topics.deadLetter(), WAIT).isEmpty(), "nothing dead-lettered");

            assertEquals(137, brokerExit, "the broker died of SIGKILL");
            assertEquals(137, monitorExit, "the monitor died of SIGKILL");
            assertFalse(partitionsOfKilled.isEmpty(), "the killed monitor owned partitions");
            assertTrue(b2Analyses > 0, "the restarted monitor took work back: " + b2.health());
            List<TopicWatch.Arrival> arrivals = watch.arrivals(topics.analyses());
            double brokerRecovery = firstAfter(arrivals, KILL_BROKER_AT, p -> true, brokerKilledAt);
            Set<Integer> moved = partitionsOfKilled;
            double monitorRecovery = firstAfter(arrivals, KILL_MONITOR_AT, moved::contains, monitorKilledAt);
            double brokerStall = seconds(ackedAt.get(KILL_BROKER_AT) - brokerKilledAt);
            System.out.printf(Locale.ROOT, "faults: published %d snapshots (%d layers x %d steps, 6 partitions); analyzed %d"
                    + " distinct of %d records (%d duplicates before de-dup); transitions %d distinct of %d records"
                    + " (%d duplicates), %d expected; dead letters 0%n", script.snapshots(), script.layers.size(),
                    STEPS, byId.size(), raw.size(), raw.size() - byId.size(), transitionsById.size(),
                    rawTransitions.size(), rawTransitions.size() - transitionsById.size(), want.size());
            System.out.printf(Locale.ROOT, "faults: broker %d killed at step %d (exit %d): publisher blocked %.1f s, first"
                    + " analysis of a later snapshot after %.1f s; monitor-b killed at step %d (exit %d, partitions"
                    + " %s): first analysis of a later snapshot on those partitions after %.1f s; monitor-b"
                    + " restarted at step %d, owned partitions again %.1f s later and analyzed %d snapshots; caught up %.1f s"
                    + " after the last publish%n",
                    killedNode, KILL_BROKER_AT, brokerExit, brokerStall, brokerRecovery, KILL_MONITOR_AT, monitorExit,
                    moved, monitorRecovery, RESTART_MONITOR_AT, seconds(rejoinedAt - restartedAt), b2Analyses,
                    seconds(caughtUp - lastAck));
            assertTrue(brokerRecovery < 60 && monitorRecovery < 60, "recovery within a minute");
            // monitors resume from committed offsets: what is analyzed twice is the work in flight since a
            // dead or departing monitor's last commit (1 s interval, longer while the group coordinator's
            // broker is down; 2-83 of 960 seen). Re-reading partitions from the start would repeat the
            // first steps, committed long before any fault, and ~450 snapshots in all.
            List<Long> repeatedSteps = byId.values().stream().filter(c -> c.size() > 1)
                    .map(c -> c.get(0).getLayerStep().getStep()).sorted().toList();
            System.out.println("faults: steps of the snapshots analyzed twice: " + repeatedSteps);
            assertTrue(repeatedSteps.isEmpty() || repeatedSteps.get(0) >= 5, "snapshots of the first steps"
                    + " analyzed twice: " + repeatedSteps);
            assertTrue(raw.size() - byId.size() <= script.snapshots() / 4, (raw.size() - byId.size())
                    + " duplicates of " + script.snapshots() + " at steps " + repeatedSteps);
            assertTrue(restartedAt > 0);
        }
    }

    /** Seconds from {@code since} to the first analysis of a snapshot of step {@code step} or later on an accepted partition. */
    private static double firstAfter(List<TopicWatch.Arrival> arrivals, int step, java.util.function.IntPredicate
            partition, long since) {
        return seconds(arrivals.stream().filter(a -> partition.test(a.record().partition()))
                .filter(a -> parse(a.record(), LayerAnalysis::parseFrom).getLayerStep().getStep() >= step)
                .mapToLong(TopicWatch.Arrival::nanos).min().orElseThrow() - since);
    }

    private static Set<String> distinctIds(List<TopicWatch.Arrival> arrivals) {
        return arrivals.stream().map(a -> parse(a.record(), LayerAnalysis::parseFrom).getAnalysisId())
                .collect(Collectors.toSet());
    }

    private static Set<String> distinctTransitions(List<TopicWatch.Arrival> arrivals) {
        return arrivals.stream().map(a -> parse(a.record(), PhaseTransition::parseFrom).getTransitionId())
                .collect(Collectors.toSet());
    }

    /** A monitor in its own JVM, in the test's group, identified to the brokers as {@code name}. */
    private ServeProcess monitor(String bootstrap, String name) {
        try {
            return ServeProcess.start(List.of("-Xmx512m"), dir.resolve(name + ".log"), "--role", "monitor",
                    "--bootstrap", bootstrap, "--http-port", "0", "--topic-prefix", "ft.", "--group", GROUP,
                    "--workers", "1", "--no-create-topics",
                    // a dead member is noticed after 6 s (the broker's minimum; Kafka's default is 45 s)
                    "--kafka-property", "session.timeout.ms=6000", "--kafka-property", "heartbeat.interval.ms=1000",
                    "--kafka-property", "client.id=" + name).awaitReady();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void checkReplication(Admin admin, String topic) throws Exception {
        var description = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
        description.partitions().forEach(p -> assertEquals(3, p.replicas().size(), p.toString()));
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        assertEquals("2", admin.describeConfigs(List.of(resource)).all().get().get(resource)
                .get("min.insync.replicas").value());
        assertEquals("all", String.valueOf(SnapshotPublisher.producerConfig(Map.of()).get("acks")));
    }

    interface Parser<T> {
        T parse(byte[] value) throws InvalidProtocolBufferException;
    }

    private static <T> T parse(ConsumerRecord<byte[], byte[]> r, Parser<T> parser) {
        try {
            return parser.parse(r.value());
        } catch (InvalidProtocolBufferException e) {
            throw new AssertionError(e);
        }
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }
}
