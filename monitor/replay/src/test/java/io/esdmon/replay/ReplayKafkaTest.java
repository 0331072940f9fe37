package io.esdmon.replay;

import static io.esdmon.replay.Script.analysis;
import static io.esdmon.replay.Script.header;
import static io.esdmon.replay.Script.records;
import static io.esdmon.replay.Script.replayOf;
import static io.esdmon.replay.Script.sorted;
import static io.esdmon.replay.Script.transition;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.esdmon.broker.KafkaBroker;
import io.esdmon.pipeline.Monitor;
import io.esdmon.pipeline.MonitorConfig;
import io.esdmon.proto.LayerAnalysis;
import io.esdmon.proto.PhaseTransition;
import io.esdmon.replay.Script.Expected;
import io.esdmon.testkit.KafkaBrokerExtension;
import io.esdmon.wire.RecordHeaders;
import io.esdmon.wire.RecordKeys;
import io.esdmon.wire.topics.EsdTopics;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Replays against a real broker, in order on one set of topics: a replay under other thresholds before
 * the monitor ever ran (so the monitor's rebuild meets a foreign history), the monitor, then a replay
 * under the monitor's configuration that must reproduce the monitor's records without touching its
 * consumer group; then time ranges and bad input.
 */
@ExtendWith(KafkaBrokerExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReplayKafkaTest {

    private static final String RUN = "script";
    /** The monitor's transitions on the script under the default classifier (as PhasePipelineTest finds them). */
    private static final List<Expected> LIVE = List.of(
            new Expected("fc1", "RANDOM_LIKE", "BULK_PLUS_SPIKES", 100, 200, 200),
            new Expected("fc1", "BULK_PLUS_SPIKES", "HEAVY_TAILED", 400, 500, 600),
            new Expected("spec", "RANDOM_LIKE", "BULK_PLUS_SPIKES", 200, 300, 300),
            new Expected("spec", "BULK_PLUS_SPIKES", "RANK_COLLAPSE", 500, 600, 600));
    /**
     * No spike is well separated at 1000 bulk widths, so the 3-spike matrix's few outliers make it
     * Bleeding-out; with no decisive margin every change waits for a second snapshot.
     */
    private static final String STRICT = "phase.separatedWidths = 1000\nhysteresis.decisive-margin = inf\n";
    private static final Map<String, String> STRICT_PHASES = Map.of("fc1", "RRBBBHHH", "spec", "RRRBBBCC");
    private static final List<Expected> STRICT_TRANSITIONS = List.of(
            new Expected("fc1", "RANDOM_LIKE", "BLEEDING_OUT", 100, 200, 300),
            new Expected("fc1", "BLEEDING_OUT", "HEAVY_TAILED", 400, 500, 600),
            new Expected("spec", "RANDOM_LIKE", "BLEEDING_OUT", 200, 300, 400),
            new Expected("spec", "BLEEDING_OUT", "RANK_COLLAPSE", 500, 600, 700));

    private KafkaBroker broker;
    private EsdTopics topics;
    private Vertx vertx;
    private Monitor monitor;
    private final String group = "monitor-" + System.nanoTime();

    @BeforeAll
    void publish(KafkaBroker b) throws Exception {
        broker = b;
        topics = KafkaBrokerExtension.freshTopics(broker, 3);
        vertx = Vertx.vertx();
        Script.publishSpectra(broker, topics.snapshots(), "bystander", 0, 1);
        Script.publish(broker, topics.snapshots(), RUN, 0, Script.STEPS - 1);
    }

    @AfterAll
    void stop() throws Exception {
        if (monitor != null) {
            monitor.stop().await(60, TimeUnit.SECONDS);
        }
        vertx.close().await(30, TimeUnit.SECONDS);
    }

    private ReplayRequest request(String run, String configText, String tag) {
        return ReplayRequest.of(Map.of("bootstrap.servers", broker.bootstrapServers()), run,
                ReplayConfig.parse(configText, "test")).withTopics(topics).withTag(tag).withWorkers(2);
    }

    @Test
    @Order(1)
    void aReplayUnderOtherThresholdsRelabelsTheRunUnderItsOwnIds() throws Exception {
        List<ReplayProgress> seen = new CopyOnWriteArrayList<>();
        ReplaySummary s = Replay.run(request(RUN, STRICT, "strict"), seen::add);
        ReplayConfig strict = ReplayConfig.parse(STRICT, "test");
        assertEquals(ReplayConfig.LIVE_DEFAULT.configId(), s.configId(), "the engine options did not change");
        assertEquals(strict.classifierConfigId(), s.classifierConfigId());
        assertNotEquals(ReplayConfig.LIVE_DEFAULT.classifierConfigId(), s.classifierConfigId());
        assertEquals(List.of(3, 8, 24L, 24L, 8L, 4L, 0L, 0L), List.of(s.layers(), s.steps(), s.snapshots(),
                s.analysesWritten(), s.skippedLayers(), s.transitions(), s.failedSnapshots(),
                s.incompleteSnapshots()), "layers, steps, snapshots, analyses, skipped, transitions, failed, incomplete");

        List<ConsumerRecord<byte[], byte[]>> written = records(broker, topics.analyses(),
                r -> s.replayId().equals(replayOf(r)));
        assertEquals(24, written.size());
        for (ConsumerRecord<byte[], byte[]> r : written) {
            LayerAnalysis a = analysis(r);
            String layer = a.getLayerStep().getLayer();
            assertEquals("strict", header(r, RecordHeaders.TAG));
            assertArrayEquals(RecordKeys.layerKeyBytes(RUN, layer), r.key(), "keyed as the monitor keys analyses");
            assertEquals(s.configId(), a.getConfigId());
            if (layer.equals("tiny")) {
                assertTrue(a.hasSkipped() && !a.hasPhase());
                continue;
            }
            assertEquals(s.classifierConfigId(), a.getPhase().getClassifierConfigId());
            char letter = STRICT_PHASES.get(layer).charAt((int) (a.getLayerStep().getStep() / 100));
            assertEquals(Script.phaseOf(letter), a.getPhase().getPhase(), layer + " at " + a.getLayerStep().getStep());
        }
        List<ConsumerRecord<byte[], byte[]>> transitions = records(broker, topics.transitions(),
                r -> s.replayId().equals(replayOf(r)));
        assertEquals(STRICT_TRANSITIONS, sorted(transitions.stream().map(Script::transition).toList()));
        assertTrue(transitions.stream().map(Script::transition).allMatch(t -> t.getClassifierConfigId().equals(
                s.classifierConfigId())));
        assertEquals(List.of(), records(broker, topics.analyses(), r -> replayOf(r) == null), "nothing else wrote");

        assertFalse(seen.isEmpty(), "progress was reported");
        ReplayProgress last = seen.get(seen.size() - 1);
        assertEquals(last.recordsTotal(), last.recordsRead(), "the whole range was read");
        assertEquals(1.0, last.fraction());
        assertEquals(List.of(24L, 24L, 4L, 3L), List.of(last.snapshots(), last.analysesWritten(), last.transitions(),
                (long) last.layers()), "snapshots, analyses, transitions, layers");
    }

    /** The monitor starts after the replay: its rebuild reads the replay's analyses and must leave them aside. */
    @Test
    @Order(2)
    void theMonitorsRebuildLeavesAnotherConfigurationsHistoryAside() throws Exception {
        MonitorConfig config = MonitorConfig.defaults(Map.of("bootstrap.servers", broker.bootstrapServers()))
                .withTopics(topics).withGroupId(group).withWorkers(2, 4).withCreateTopics(false);
        monitor = Monitor.start(vertx, config).await(120, TimeUnit.SECONDS);
        long deadline = System.nanoTime() + Script.WAIT.toNanos();
        List<ConsumerRecord<byte[], byte[]>> live;
        do {
            Thread.sleep(500);
            live = records(broker, topics.analyses(), r -> replayOf(r) == null
                    && new String(r.key(), StandardCharsets.UTF_8).startsWith(RUN + "/"));
        } while (live.size() < 24 && System.nanoTime() < deadline);
        assertEquals(24, live.size(), "the monitor analyzed every snapshot of the run");
        awaitCommitted();
        // had the rebuild taken the replay's history, its trackers would be at step 700 and ignore steps 0..700
        assertEquals(LIVE, sorted(records(broker, topics.transitions(), r -> replayOf(r) == null).stream()
                .map(Script::transition).toList()));
    }

    @Test
    @Order(3)
    void aReplayUnderTheMonitorsConfigurationReproducesItsRecordsWithoutTouchingItsGroup() throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = committed();
        Set<String> groups = groups();
        assertFalse(committed.isEmpty());

        ReplaySummary s = Replay.run(request(RUN, "", "check"), p -> { });
        assertEquals(ReplayConfig.LIVE_DEFAULT.classifierConfigId(), s.classifierConfigId());

        Map<String, LayerAnalysis> live = byId(records(broker, topics.analyses(), r -> replayOf(r) == null
                && new String(r.key(), StandardCharsets.UTF_8).startsWith(RUN + "/")));
        Map<String, LayerAnalysis> replayed = byId(records(broker, topics.analyses(),
                r -> s.replayId().equals(replayOf(r))));
        assertEquals(24, live.size());
        assertEquals(live.keySet(), replayed.keySet(), "the same analysis ids");
        for (String id : live.keySet()) {
            LayerAnalysis a = live.get(id);
            LayerAnalysis b = replayed.get(id);
            assertTrue(b.getEngineNanos() > 0 && b.hasAnalyzedAt());
            // byte-identical but for the two times
            assertArrayEquals(withoutTimes(a).toByteArray(), withoutTimes(b).toByteArray(), a.getLayerStep().getLayer()
                    + " at " + a.getLayerStep().getStep());
        }
        Map<String, PhaseTransition> liveT = transitionsById(records(broker, topics.transitions(),
                r -> replayOf(r) == null));
        Map<String, PhaseTransition> replayedT = transitionsById(records(broker, topics.transitions(),
                r -> s.replayId().equals(replayOf(r))));
        assertEquals(4, liveT.size());
        assertEquals(liveT.keySet(), replayedT.keySet(), "the same transition ids");
        liveT.forEach((id, t) -> assertEquals(t.toBuilder().clearDetectedAt().build(),
                replayedT.get(id).toBuilder().clearDetectedAt().build()));

        assertEquals(committed, committed(), "the monitor's committed offsets");
        assertEquals(groups, groups(), "no consumer group was created or joined");
        assertTrue(monitor.stats().subscribed(), "the monitor kept consuming");
    }

    @Test
    @Order(4)
    void aTimeRangeSelectsSnapshotsByTheirRecordTime() throws Exception {
        String run = "ranged";
        Script.publishSpectra(broker, topics.snapshots(), run, 0, 3);
        Thread.sleep(50);
        Instant middle = Instant.now();
        Thread.sleep(50);
        Script.publishSpectra(broker, topics.snapshots(), run, 4, 7);
        Thread.sleep(50);
        Instant after = Instant.now();

        ReplaySummary later = Replay.run(request(run, "", "").withRange(Optional.of(middle), Optional.empty()),
                p -> { });
        assertEquals(Set.of(400L, 500L, 600L, 700L), steps(later));
        ReplaySummary earlier = Replay.run(request(run, "", "").withRange(Optional.empty(), Optional.of(middle)),
                p -> { });
        assertEquals(Set.of(0L, 100L, 200L, 300L), steps(earlier));
        ReplaySummary both = Replay.run(request(run, "", "").withRange(Optional.of(middle.minusSeconds(3600)),
                Optional.of(after)), p -> { });
        assertEquals(8, both.snapshots());

        var empty = assertThrows(ReplayException.class, () -> Replay.run(request(run, "", "")
                .withRange(Optional.of(after), Optional.empty()), p -> { }));
        assertTrue(empty.getMessage().contains(topics.snapshots() + " has no records between " + after),
                empty.getMessage());
        assertTrue(empty.getMessage().contains("it holds records from"), empty.getMessage());
        var backwards = assertThrows(IllegalArgumentException.class, () -> request(run, "", "")
                .withRange(Optional.of(after), Optional.of(middle)));
        assertTrue(backwards.getMessage().contains("the range is empty"), backwards.getMessage());
    }

    @Test
    @Order(5)
    void anUnknownRunIsReportedWithTheRunsThatAreThere() {
        var e = assertThrows(ReplayException.class, () -> Replay.run(request("scirpt", "", ""), p -> { }));
        assertTrue(e.getMessage().startsWith("no snapshots of run 'scirpt' in " + topics.snapshots()), e.getMessage());
        assertTrue(e.getMessage().contains("runs found there include bystander, ranged, script"), e.getMessage());
        assertTrue(e.getMessage().contains("check the run id and the range"), e.getMessage());
        var missing = assertThrows(ReplayException.class, () -> Replay.run(request(RUN, "", "")
                .withTopics(EsdTopics.withPrefix("nowhere.")), p -> { }));
        assertTrue(missing.getMessage().startsWith("topic nowhere.esd.analyses does not exist"), missing.getMessage());
    }

    private Set<Long> steps(ReplaySummary s) {
        return records(broker, topics.analyses(), r -> s.replayId().equals(replayOf(r))).stream()
                .map(r -> analysis(r).getLayerStep().getStep()).collect(Collectors.toCollection(TreeSet::new));
    }

    private static LayerAnalysis withoutTimes(LayerAnalysis a) {
        return a.toBuilder().clearAnalyzedAt().clearEngineNanos().build();
    }

    private static Map<String, LayerAnalysis> byId(List<ConsumerRecord<byte[], byte[]>> records) {
        Map<String, LayerAnalysis> out = new HashMap<>();
        records.forEach(r -> out.put(analysis(r).getAnalysisId(), analysis(r)));
        return out;
    }

    private static Map<String, PhaseTransition> transitionsById(List<ConsumerRecord<byte[], byte[]>> records) {
        Map<String, PhaseTransition> out = new HashMap<>();
        records.forEach(r -> out.put(transition(r).getTransitionId(), transition(r)));
        return out;
    }

    private Map<TopicPartition, OffsetAndMetadata> committed() throws Exception {
        try (Admin admin = broker.admin()) {
            return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
        }
    }

    private Set<String> groups() throws Exception {
        try (Admin admin = broker.admin()) {
            return admin.listGroups().all().get(30, TimeUnit.SECONDS).stream().map(GroupListing::groupId)
                    .collect(Collectors.toCollection(TreeSet::new));
        }
    }

    /** Waits until the monitor's group committed the end of every snapshot partition. */
    private void awaitCommitted() throws Exception {
        long deadline = System.nanoTime() + Script.WAIT.toNanos();
        try (Admin admin = broker.admin()) {
            while (true) {
                Map<TopicPartition, OffsetAndMetadata> c = admin.listConsumerGroupOffsets(group)
                        .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
                Map<TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> latest = new HashMap<>();
                for (int p = 0; p < 3; p++) {
                    latest.put(new TopicPartition(topics.snapshots(), p),
                            org.apache.kafka.clients.admin.OffsetSpec.latest());
                }
                var ends = admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS);
                List<String> behind = new ArrayList<>();
                ends.forEach((tp, e) -> {
                    if (e.offset() > 0 && (!c.containsKey(tp) || c.get(tp).offset() != e.offset())) {
                        behind.add(tp.toString());
                    }
                });
                if (behind.isEmpty()) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("group " + group + " has not committed " + behind);
                }
                Thread.sleep(200);
            }
        }
    }
}
