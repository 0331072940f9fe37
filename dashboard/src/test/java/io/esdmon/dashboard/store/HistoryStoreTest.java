package io.esdmon.dashboard.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.esdmon.dashboard.Records;
import io.esdmon.dashboard.events.EventLog;
import io.esdmon.phases.Phase;
import io.esdmon.proto.LayerAnalysis;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HistoryStoreTest {

    private final EventLog events = new EventLog("t", 1000);

    private HistoryStore store(StoreBounds bounds) {
        return new HistoryStore(bounds, events);
    }

    private static RecordPosition at(long offset, long timeMs) {
        return new RecordPosition(0, offset, timeMs);
    }

    @Test
    void redeliveriesAreDroppedAndMakeNoEvent() {
        HistoryStore s = store(StoreBounds.DEFAULT);
        LayerAnalysis a = Records.analysis("r1", "fc1", 0, 10, Phase.RANDOM_LIKE, 7);
        assertTrue(s.addAnalysis(a, at(0, 1)));
        assertFalse(s.addAnalysis(a, at(1, 2)), "same analysis_id again");
        assertTrue(s.addTransition(Records.transition("r1", "fc1", 0, 10, null, Phase.RANDOM_LIKE), at(2, 3)));
        assertFalse(s.addTransition(Records.transition("r1", "fc1", 0, 10, null, Phase.RANDOM_LIKE), at(3, 4)));
        assertEquals(2, events.lastId());
        assertEquals(2, s.stats().duplicates());
        assertEquals(1, s.stats().points());
    }

    @Test
    void aMonitorRestartedUnderAnotherConfigMakesANewVersionThatBecomesPrimary() {
        HistoryStore s = store(StoreBounds.DEFAULT);
        s.addAnalysis(Records.analysis("r1", "fc1", 0, 10, Phase.RANDOM_LIKE, 7), at(0, 1));
        assertTrue(s.addAnalysis(Records.analysis("r1", "fc1", 0, 10, Phase.HEAVY_TAILED, 3, "cfg-other0000000"),
                at(1, 2)));
        var layers = s.layers("r1").orElseThrow().value();
        assertEquals(1, layers.get(0).points());
        assertEquals("HEAVY_TAILED", layers.get(0).phase(), "the version the monitor wrote last is shown");
        assertEquals(2, s.versions("r1").orElseThrow().value().size());
        assertEquals("RANDOM_LIKE", s.layers("r1", HistoryStore.versionId(Records.CONFIG, Records.CLASSIFIER))
                .orElseThrow().value().get(0).phase(), "the earlier version is still there");
        assertEquals(2, events.lastId());
    }

    @Test
    void beyondTheVersionBoundTheLeastRecentlyWrittenOtherThanThePrimaryGoes() {
        HistoryStore s = store(StoreBounds.DEFAULT);
        LayerAnalysis live = Records.analysis("r", "fc1", 0, 1, Phase.RANDOM_LIKE, 7);
        s.addAnalysis(live, at(0, 1));
        for (int i = 0; i < HistoryStore.MAX_VERSIONS_PER_RUN; i++) {
            s.addAnalysis(relabelled(live, Phase.RANDOM_LIKE, "phc-" + i), at(1 + i, 100 + i),
                    new RecordOrigin("rpl-" + i, ""));
        }
        List<String> ids = s.versions("r").orElseThrow().value().stream().map(VersionInfo::id).toList();
        assertEquals(HistoryStore.MAX_VERSIONS_PER_RUN, ids.size());
        assertEquals(HistoryStore.versionId(Records.CONFIG, Records.CLASSIFIER), ids.get(0),
                "the monitor's, written first, stays");
        assertFalse(ids.contains(HistoryStore.versionId(Records.CONFIG, "phc-0")), "the stalest replay went: " + ids);
        assertTrue(ids.contains(HistoryStore.versionId(Records.CONFIG, "phc-7")));
    }

    @Test
    void layersComeInModelOrderThenInOrderOfFirstAppearance() {
        HistoryStore s = store(StoreBounds.DEFAULT);
        s.addAnalysis(Records.analysis("r", "unindexed.b", -1, 1, Phase.RANDOM_LIKE, 7), at(0, 1));
        s.addAnalysis(Records.analysis("r", "fc3", 2, 1, Phase.RANDOM_LIKE, 7), at(1, 1));
        s.addAnalysis(Records.analysis("r", "unindexed.a", -1, 1, Phase.RANDOM_LIKE, 7), at(2, 1));
        s.addAnalysis(Records.analysis("r", "fc1", 0, 1, Phase.RANDOM_LIKE, 7), at(3, 1));
        List<String> order = s.layers("r").orElseThrow().value().stream().map(LayerInfo::layer).toList();
        assertEquals(List.of("fc1", "fc3", "unindexed.b", "unindexed.a"), order);
        assertEquals(order, s.timeline("r").orElseThrow().value().stream().map(TimelineRow::layer).toList());
    }

    @Test
    void summaryCountsLayersPerPhaseOfTheirNewestStepAndAveragesAlpha() {
        HistoryStore s = store(StoreBounds.DEFAULT);
        s.addAnalysis(Records.analysis("r", "a", 0, 1, Phase.RANDOM_LIKE, 7), at(0, 1000));
        s.addAnalysis(Records.analysis("r", "a", 0, 2, Phase.HEAVY_TAILED, 3), at(1, 1000));
        s.addAnalysis(Records.analysis("r", "b", 1, 2, Phase.HEAVY_TAILED, 2), at(2, 1000));
        s.addAnalysis(Records.analysis("r", "c", 2, 2, Phase.BULK_DECAY, 5), at(3, 2000));
        s.addAnalysis(Records.analysis("r", "c", 2, 1, Phase.RANDOM_LIKE, 9), at(4, 2000)); // late, older step
        s.addTransition(Records.transition("r", "a", 0, 2, Phase.RANDOM_LIKE, Phase.HEAVY_TAILED), at(0, 2100));
        RunSummary r = s.runs(2500, 1000).value().get(0);
        assertEquals(Map.of("HEAVY_TAILED", 2, "BULK_DECAY", 1), r.phaseCounts());
        assertEquals((3 + 2 + 5) / 3.0, r.meanAlpha(), 1e-6);
        assertEquals(1, r.firstStep());
        assertEquals(2, r.lastStep());
        assertEquals("32", r.tags().get("batch_size"));
        assertTrue(r.live());
        assertFalse(s.runs(3200, 1000).value().get(0).live(), "no record for longer than the live window");
        assertEquals(1, r.recentTransitions().size());
    }

    @Test
    void timelineRowsAreRunsOfEqualPhase() {
        HistoryStore s = store(StoreBounds.DEFAULT);
        Phase[] phases = {Phase.RANDOM_LIKE, Phase.RANDOM_LIKE, Phase.BLEEDING_OUT, Phase.BLEEDING_OUT,
            Phase.HEAVY_TAILED};
        for (int i = 0; i < phases.length; i++) {
            s.addAnalysis(Records.analysis("r", "a", 0, i * 10, phases[i], 3), at(i, 1));
        }
        TimelineRow row = s.timeline("r").orElseThrow().value().get(0);
        assertEquals(List.of(0L, 20L, 40L), java.util.Arrays.stream(row.starts()).boxed().toList());
        assertEquals(Phase.RANDOM_LIKE.code(), row.phases()[0]);
        assertEquals(Phase.BLEEDING_OUT.code(), row.phases()[1]);
        assertEquals(Phase.HEAVY_TAILED.code(), row.phases()[2]);
        assertEquals(40, row.lastStep());
    }

    @Test
    void fullDetailIsKeptForTheNewestStepsOnlyAndOthersPointToKafka() {
        HistoryStore s = store(new StoreBounds(10, 64, 2, 4, 100, 100, 100));
        for (int step = 0; step < 5; step++) {
            s.addAnalysis(Records.analysis("r", "a", 0, step, Phase.RANDOM_LIKE, 3), at(100 + step, 1));
        }
        assertTrue(s.analysis("r", "a", 4, false).orElseThrow().analysis().isPresent());
        assertTrue(s.analysis("r", "a", 3, false).orElseThrow().analysis().isPresent());
        DetailLookup old = s.analysis("r", "a", 1, false).orElseThrow();
        assertTrue(old.analysis().isEmpty());
        assertEquals(new RecordPosition(0, 101, -1), old.position());
        LayerAnalysis fetched = Records.analysis("r", "a", 0, 1, Phase.RANDOM_LIKE, 3);
        s.cacheFetched(fetched);
        assertEquals(fetched, s.analysis("r", "a", 1, false).orElseThrow().analysis().orElseThrow());
        assertEquals(4, s.analysis("r", "a", 40, true).orElseThrow().step(), "nearest held step");
        assertTrue(s.analysis("r", "a", 40, false).isEmpty());
        assertTrue(s.analysis("r", "nope", 1, true).isEmpty());
    }

    @Test
    void runsBeyondTheBoundEvictTheLeastRecentlyActive() {
        HistoryStore s = store(new StoreBounds(2, 64, 1, 0, 10, 10, 100));
        s.addAnalysis(Records.analysis("old", "a", 0, 1, Phase.RANDOM_LIKE, 3), at(0, 1000));
        s.addAnalysis(Records.analysis("mid", "a", 0, 1, Phase.RANDOM_LIKE, 3), at(1, 2000));
        s.addTransition(Records.transition("old", "a", 0, 1, null, Phase.RANDOM_LIKE), at(2, 500));
        s.addAnalysis(Records.analysis("new", "a", 0, 1, Phase.RANDOM_LIKE, 3), at(3, 3000));
        assertEquals(List.of("new", "mid"), s.runs(3000, 10_000).value().stream().map(RunSummary::run).toList());
        assertTrue(s.transitions(0, null, 10).value().isEmpty(), "the evicted run's transitions left the feed");
        assertEquals(1, s.stats().evictedRuns());
    }

    @Test
    void transitionsFilterBySinceAndRunNewestFirst() {
        HistoryStore s = store(StoreBounds.DEFAULT);
        for (int step = 1; step <= 5; step++) {
            s.addTransition(Records.transition(step % 2 == 0 ? "even" : "odd", "a", 0, step, Phase.RANDOM_LIKE,
                    Phase.BLEEDING_OUT), at(step, 0));
        }
        long since = 1_700_000_000_000L + 3000; // detected_at of step 3
        assertEquals(List.of(5L, 4L, 3L), s.transitions(since, null, 10).value().stream()
                .map(t -> t.transition().getLayerStep().getStep()).toList());
        assertEquals(List.of(4L, 2L), s.transitions(0, "even", 10).value().stream()
                .map(t -> t.transition().getLayerStep().getStep()).toList());
        assertEquals(1, s.transitions(0, null, 1).value().size());
    }

    @Test
    void readsReportTheEventIdTheirStateIncludes() {
        HistoryStore s = store(StoreBounds.DEFAULT);
        s.addAnalysis(Records.analysis("r", "a", 0, 1, Phase.RANDOM_LIKE, 3), at(0, 1));
        s.addAnalysis(Records.analysis("r", "a", 0, 2, Phase.RANDOM_LIKE, 3), at(1, 1));
        assertEquals("t-2", s.runs(0, 1).eventId());
        assertEquals("t-2", s.timeline("r").orElseThrow().eventId());
    }

    @Test
    void anAnalysisWithoutRunOrLayerIsRejectedWithTheReason() {
        HistoryStore s = store(StoreBounds.DEFAULT);
        var e = assertThrows(IllegalArgumentException.class,
                () -> s.addAnalysis(Records.analysis("", "a", 0, 1, Phase.RANDOM_LIKE, 3), at(0, 1)));
        assertTrue(e.getMessage().contains("run id"), e.getMessage());
    }

    @Test
    void idHashReadsHexIdsAndHashesOthers() {
        assertEquals(0x0123456789abcdefL, HistoryStore.idHash("0123456789abcdef0011"));
        assertTrue(HistoryStore.idHash("not-hex-at-all-xx") != HistoryStore.idHash("not-hex-at-all-xy"));
    }
    /** The record {@code a} as a replay under other thresholds writes it: same analysis, another classifier id. */
    private static LayerAnalysis relabelled(LayerAnalysis a, Phase phase, String classifier) {
        var b = a.toBuilder();
        b.getPhaseBuilder().setPhase(phase.name()).setClassifierConfigId(classifier);
        return b.build();
    }

    @Test
    void aReplayUnderOtherThresholdsIsASecondVersionAndTheMonitorsStaysPrimary() {
        HistoryStore s = store(StoreBounds.DEFAULT);
        RecordOrigin replay = new RecordOrigin("rp1", "strict");
        LayerAnalysis live1 = Records.analysis("r", "fc1", 0, 1, Phase.RANDOM_LIKE, 7);
        LayerAnalysis live2 = Records.analysis("r", "fc1", 0, 2, Phase.RANDOM_LIKE, 5);
        s.addAnalysis(live1, at(0, 1000));
        s.addAnalysis(live2, at(1, 1000));
        assertTrue(s.addAnalysis(relabelled(live1, Phase.RANDOM_LIKE, "phases-strict"), at(2, 5000), replay),
                "same analysis_id, other classifier: another record");
        assertTrue(s.addAnalysis(relabelled(live2, Phase.HEAVY_TAILED, "phases-strict"), at(3, 5000), replay));

        List<VersionInfo> versions = s.versions("r").orElseThrow().value();
        assertEquals(2, versions.size());
        VersionInfo monitor = versions.get(0);
        VersionInfo strict = versions.get(1);
        assertEquals(Records.CONFIG + "~" + Records.CLASSIFIER, monitor.id());
        assertTrue(monitor.primary() && monitor.monitor(), "the monitor's version is primary though the replay wrote later");
        assertFalse(strict.primary() || strict.monitor());
        assertEquals(List.of("strict"), strict.tags());
        assertEquals(List.of("rp1"), strict.replays());

        assertEquals("RANDOM_LIKE", s.layers("r").orElseThrow().value().get(0).phase());
        assertEquals("HEAVY_TAILED", s.layers("r", strict.id()).orElseThrow().value().get(0).phase());
        TimelineRow row = s.timeline("r", strict.id()).orElseThrow().value().get(0);
        assertEquals(2, row.starts().length, "RANDOM_LIKE then HEAVY_TAILED under the replay's thresholds");
        assertEquals(1, s.timeline("r").orElseThrow().value().get(0).starts().length);
        assertTrue(s.layers("r", "nope~nope").isEmpty(), "an unknown version is empty, not the primary");
        assertFalse(s.runs(6000, 100).value().get(0).live(), "a replay's records do not make a run live");
        assertEquals(monitor.id(), s.runs(6000, 100).value().get(0).primaryVersion());
    }

    @Test
    void aReplayUnderTheLiveConfigurationAddsNothingButItsTag() {
        HistoryStore s = store(StoreBounds.DEFAULT);
        LayerAnalysis live = Records.analysis("r", "fc1", 0, 1, Phase.RANDOM_LIKE, 7);
        s.addAnalysis(live, at(0, 1000));
        s.addTransition(Records.transition("r", "fc1", 0, 1, null, Phase.RANDOM_LIKE), at(1, 1000));
        RecordOrigin replay = new RecordOrigin("rp2", "again");
        assertFalse(s.addAnalysis(live, at(2, 2000), replay));
        assertFalse(s.addTransition(Records.transition("r", "fc1", 0, 1, null, Phase.RANDOM_LIKE), at(3, 2000), replay));
        List<VersionInfo> versions = s.versions("r").orElseThrow().value();
        assertEquals(1, versions.size());
        assertEquals(List.of("again"), versions.get(0).tags());
        assertTrue(versions.get(0).monitor());
        assertEquals(1, s.stats().points());
    }

    @Test
    void replayTransitionsStayOutOfTheCrossRunFeed() {
        HistoryStore s = store(StoreBounds.DEFAULT);
        var t = Records.transition("r", "fc1", 0, 3, Phase.RANDOM_LIKE, Phase.HEAVY_TAILED).toBuilder()
                .setClassifierConfigId("phases-strict").setTransitionId("t-strict").build();
        assertTrue(s.addTransition(t, at(0, 1000), new RecordOrigin("rp3", "")));
        assertTrue(s.transitions(0, null, 10).value().isEmpty());
        String strict = HistoryStore.versionId(Records.CONFIG, "phases-strict");
        assertEquals(1, s.runTransitions("r", strict).orElseThrow().value().size());
    }
}
