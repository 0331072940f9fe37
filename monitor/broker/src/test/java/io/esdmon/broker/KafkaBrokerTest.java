package io.esdmon.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.esdmon.wire.topics.EsdTopics;
import io.esdmon.wire.topics.TopicAdmin;
import io.esdmon.wire.topics.TopicSpec;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaBrokerTest {

    @TempDir
    Path tmp;

    @Test
    void servesTopicsAndConsumerGroupsAndKeepsDataAcrossRestarts() throws Exception {
        int port = Ports.claim("localhost", 0, "port");
        int controllerPort = Ports.claim("localhost", 0, "controller port");
        BrokerSettings settings = new BrokerSettings("localhost", port, controllerPort, tmp.resolve("kafka"), false,
                Map.of());
        EsdTopics topics = EsdTopics.DEFAULT;
        TopicPartition tp = new TopicPartition(topics.analyses(), 0);

        try (KafkaBroker broker = KafkaBroker.start(settings); Admin admin = broker.admin()) {
            assertEquals("localhost:" + port, broker.bootstrapServers());
            List<TopicAdmin.Outcome> created = new TopicAdmin(admin, Duration.ofSeconds(30))
                    .ensure(topics.specs(3, 1));
            assertTrue(created.stream().allMatch(TopicAdmin.Outcome::created), created.toString());
            // a second ensure keeps what is there
            assertTrue(new TopicAdmin(admin, Duration.ofSeconds(30)).ensure(topics.specs(3, 1)).stream()
                    .noneMatch(TopicAdmin.Outcome::created));

            TopicSpec snapshots = topics.specs(3, 1).get(0);
            ConfigResource res = new ConfigResource(ConfigResource.Type.TOPIC, topics.snapshots());
            Config config = admin.describeConfigs(List.of(res)).all().get(30, TimeUnit.SECONDS).get(res);
            for (Map.Entry<String, String> e : snapshots.configs().entrySet()) {
                assertEquals(e.getValue(), config.get(e.getKey()).value(), e.getKey());
            }
            assertEquals(3, admin.describeTopics(List.of(topics.snapshots())).allTopicNames().get()
                    .get(topics.snapshots()).partitions().size());

            try (KafkaProducer<String, String> producer = producer(broker)) {
                producer.send(new ProducerRecord<>(tp.topic(), tp.partition(), "run/layer", "hello")).get(30,
                        TimeUnit.SECONDS);
            }
            try (KafkaConsumer<String, String> consumer = consumer(broker, "g1")) {
                consumer.assign(List.of(tp));
                consumer.seekToBeginning(List.of(tp));
                List<ConsumerRecord<String, String>> got = poll(consumer, 1);
                assertEquals("hello", got.get(0).value());
                consumer.commitSync(Map.of(tp, new OffsetAndMetadata(1)));
            }
        }

        // The same directory and ports again: formatted storage is reused, data and offsets survive.
        try (KafkaBroker broker = KafkaBroker.start(settings)) {
            try (KafkaConsumer<String, String> consumer = consumer(broker, "g1")) {
                Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(Set.of(tp));
                assertEquals(1, committed.get(tp).offset());
                consumer.assign(List.of(tp));
                consumer.seekToBeginning(List.of(tp));
                assertEquals("run/layer", poll(consumer, 1).get(0).key());
            }
        }
        assertTrue(Files.isDirectory(settings.dataDir()), "deleteOnClose=false keeps the data");
    }

    @Test
    void aTakenPortIsReportedBeforeAnythingStarts() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress("localhost", 0));
            BrokerSettings settings = new BrokerSettings("localhost", taken.getLocalPort(), 0, tmp.resolve("x"), true,
                    Map.of());
            PortInUseException e = assertThrows(PortInUseException.class, () -> KafkaBroker.start(settings));
            assertEquals(taken.getLocalPort(), e.port());
            assertTrue(e.getMessage().contains("localhost:" + taken.getLocalPort() + " is already in use"),
                    e.getMessage());
            assertFalse(Files.exists(tmp.resolve("x")), "nothing was formatted");
        }
    }

    @Test
    void settingsRejectNonsense() {
        Path d = tmp.resolve("d");
        assertThrows(IllegalArgumentException.class, () -> new BrokerSettings("localhost", 9092, 9092, d, true,
                Map.of()));
        assertThrows(IllegalArgumentException.class, () -> new BrokerSettings("localhost", 70000, 0, d, true,
                Map.of()));
        assertThrows(IllegalArgumentException.class, () -> new BrokerSettings(" ", 1, 2, d, true, Map.of()));
    }

    private static KafkaProducer<String, String> producer(KafkaBroker broker) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()),
                new StringSerializer(), new StringSerializer());
    }

    private static KafkaConsumer<String, String> consumer(KafkaBroker broker, String group) {
        return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, group, ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"),
                new StringDeserializer(), new StringDeserializer());
    }

    private static <K, V> List<ConsumerRecord<K, V>> poll(KafkaConsumer<K, V> consumer, int n) {
        List<ConsumerRecord<K, V>> got = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (got.size() < n && System.nanoTime() < deadline) {
            consumer.poll(Duration.ofMillis(200)).forEach(got::add);
        }
        assertEquals(n, got.size(), "records received within 30 s");
        return got;
    }
}
