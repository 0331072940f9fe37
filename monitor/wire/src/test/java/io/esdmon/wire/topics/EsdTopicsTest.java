package io.esdmon.wire.topics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class EsdTopicsTest {

    @Test
    void keyedTopicsShareThePartitionCountSoKeysCoPartition() {
        List<TopicSpec> specs = EsdTopics.DEFAULT.specs(8, 1);
        assertEquals(List.of("esd.snapshots", "esd.analyses", "esd.transitions", "esd.deadletter"),
                specs.stream().map(TopicSpec::name).toList());
        assertEquals(List.of(8, 8, 8, 1), specs.stream().map(TopicSpec::partitions).toList());
    }

    @Test
    void replicationFollowsTheClusterSize() {
        assertEquals(1, EsdTopics.DEFAULT.specs(6, 1).get(0).replicationFactor());
        assertEquals("1", EsdTopics.DEFAULT.specs(6, 1).get(0).configs().get("min.insync.replicas"));
        TopicSpec big = EsdTopics.DEFAULT.specs(6, 5).get(1);
        assertEquals(3, big.replicationFactor());
        assertEquals("2", big.configs().get("min.insync.replicas"));
        assertThrows(IllegalArgumentException.class, () -> EsdTopics.DEFAULT.specs(6, 0));
    }

    @Test
    void anExplicitReplicationFactorSetsMinInsyncReplicasForEveryTopic() {
        for (TopicSpec s : EsdTopics.DEFAULT.specsReplicated(12, 2)) {
            assertEquals(2, s.replicationFactor(), s.name());
            assertEquals("1", s.configs().get("min.insync.replicas"), s.name());
        }
        for (TopicSpec s : EsdTopics.DEFAULT.specsReplicated(12, 4)) {
            assertEquals(4, s.replicationFactor(), s.name());
            assertEquals("2", s.configs().get("min.insync.replicas"), s.name());
        }
        assertThrows(IllegalArgumentException.class, () -> EsdTopics.DEFAULT.specsReplicated(6, 0));
    }

    @Test
    void snapshotsAreBoundedInTimeAndSizeAndAnalysesLiveLonger() {
        List<TopicSpec> specs = EsdTopics.DEFAULT.specs(6, 1);
        long snapshotMs = Long.parseLong(specs.get(0).configs().get("retention.ms"));
        long analysesMs = Long.parseLong(specs.get(1).configs().get("retention.ms"));
        assertEquals(24L * 3600 * 1000, snapshotMs);
        assertEquals(String.valueOf(1L << 30), specs.get(0).configs().get("retention.bytes"));
        assertEquals(90L * snapshotMs, analysesMs);
        assertEquals("-1", specs.get(2).configs().get("retention.ms"));
    }

    @Test
    void prefixesKeepTestTopicsApart() {
        EsdTopics t = EsdTopics.withPrefix("x.");
        assertEquals("x.esd.deadletter", t.deadLetter());
        assertThrows(IllegalArgumentException.class, () -> new EsdTopics("a", "", "c", "d"));
    }
}
