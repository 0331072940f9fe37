package io.esdmon.app.topics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.esdmon.app.analyze.Cli;
import io.esdmon.broker.KafkaBroker;
import io.esdmon.testkit.KafkaBrokerExtension;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(KafkaBrokerExtension.class)
class TopicsCommandTest {

    @Test
    void dryRunWithAReplicationFactorPrintsKafkaTopicsCommandsWithoutConnecting() {
        Cli.Result r = Cli.run("topics", "--dry-run", "--replication-factor", "3", "--partitions", "12");
        assertEquals(0, r.exit(), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals(4, lines.size(), r.out());
        assertEquals("kafka-topics.sh --bootstrap-server BROKER:9092 --create --if-not-exists --topic esd.snapshots"
                + " --partitions 12 --replication-factor 3 --config min.insync.replicas=2 --config"
                + " retention.bytes=1073741824 --config retention.ms=86400000 --config segment.bytes=67108864"
                + " --config segment.ms=3600000", lines.get(0));
        assertTrue(lines.get(1).contains("--topic esd.analyses --partitions 12 --replication-factor 3 --config"
                + " min.insync.replicas=2 --config retention.ms=7776000000"), lines.get(1));
        assertTrue(lines.get(2).endsWith("--topic esd.transitions --partitions 12 --replication-factor 3 --config"
                + " min.insync.replicas=2 --config retention.ms=-1"), lines.get(2));
        assertTrue(lines.get(3).contains("--topic esd.deadletter --partitions 1 "), lines.get(3));
    }

    @Test
    void createsTheTopicsAsDocumentedAndKeepsThemOnASecondRun(KafkaBroker broker) throws Exception {
        String prefix = "topics-cmd-" + System.nanoTime() + ".";
        Cli.Result first = Cli.run("topics", "--bootstrap", broker.bootstrapServers(), "--topic-prefix", prefix,
                "--partitions", "4");
        assertEquals(0, first.exit(), first.err());
        assertEquals(4, first.out().lines().filter(l -> l.startsWith("created " + prefix)).count(), first.out());
        try (Admin admin = broker.admin()) {
            Map<String, TopicDescription> d = admin.describeTopics(List.of(prefix + "esd.snapshots",
                    prefix + "esd.deadletter")).allTopicNames().get(30, TimeUnit.SECONDS);
            assertEquals(4, d.get(prefix + "esd.snapshots").partitions().size());
            assertEquals(1, d.get(prefix + "esd.snapshots").partitions().get(0).replicas().size());
            assertEquals(1, d.get(prefix + "esd.deadletter").partitions().size());
            ConfigResource transitions = new ConfigResource(ConfigResource.Type.TOPIC, prefix + "esd.transitions");
            Config c = admin.describeConfigs(List.of(transitions)).all().get(30, TimeUnit.SECONDS).get(transitions);
            assertEquals("-1", c.get("retention.ms").value());
        }
        Cli.Result again = Cli.run("topics", "--bootstrap", broker.bootstrapServers(), "--topic-prefix", prefix,
                "--partitions", "8");
        assertEquals(0, again.exit(), again.err());
        assertTrue(again.out().contains("kept existing " + prefix + "esd.snapshots with 4 partitions, not the 8"),
                again.out());
    }

    @Test
    void aReplicationFactorAboveTheBrokerCountIsRefusedWithKafkasReason(KafkaBroker broker) {
        Cli.Result r = Cli.run("topics", "--bootstrap", broker.bootstrapServers(), "--topic-prefix",
                "topics-rf-" + System.nanoTime() + ".", "--replication-factor", "3");
        assertEquals(1, r.exit(), r.out());
        assertTrue(r.err().startsWith("esdmon topics: cannot create the topics at " + broker.bootstrapServers()),
                r.err());
        assertTrue(r.err().contains("replication factor"), r.err());
    }
}
