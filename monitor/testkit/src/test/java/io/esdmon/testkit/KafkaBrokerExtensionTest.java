package io.esdmon.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.esdmon.broker.KafkaBroker;
import io.esdmon.wire.topics.EsdTopics;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(KafkaBrokerExtension.class)
class KafkaBrokerExtensionTest {

    private static KafkaBroker first;

    @BeforeAll
    static void remember(KafkaBroker broker) {
        first = broker;
    }

    @Test
    void everyInjectionGetsTheSameRunningBroker(KafkaBroker broker) throws Exception {
        assertSame(first, broker);
        try (Admin admin = broker.admin()) {
            assertEquals(1, admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).size());
        }
    }

    @Test
    void freshTopicsAreDistinctAndExist(KafkaBroker broker) throws Exception {
        EsdTopics a = KafkaBrokerExtension.freshTopics(broker, 2);
        EsdTopics b = KafkaBrokerExtension.freshTopics(broker, 2);
        assertNotEquals(a.snapshots(), b.snapshots());
        try (Admin admin = broker.admin()) {
            var described = admin.describeTopics(List.of(a.snapshots(), a.analyses(), a.deadLetter()))
                    .allTopicNames().get(30, TimeUnit.SECONDS);
            assertEquals(2, described.get(a.snapshots()).partitions().size());
            assertEquals(1, described.get(a.deadLetter()).partitions().size());
        }
    }
}
