package io.esdmon.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.esdmon.broker.KafkaBroker;
import io.esdmon.testkit.KafkaBrokerExtension;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The lag gauge against a real broker: log end minus committed offset, or minus log start where nothing was committed. */
@ExtendWith(KafkaBrokerExtension.class)
class ConsumerLagTest {

    @Test
    void lagIsWhatTheGroupHasNotCommittedSummedOverPartitions(KafkaBroker broker) throws Exception {
        String topic = "lag-" + System.nanoTime();
        String group = "lag-group-" + System.nanoTime();
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        ConsumerLag lag = new ConsumerLag(registry, group, topic);
        assertTrue(Double.isNaN(lag.lag()), "NaN before the first reading");
        try (Admin admin = broker.admin()) {
            admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1))).all().get(30, TimeUnit.SECONDS);
            try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers",
                    broker.bootstrapServers()), new ByteArraySerializer(), new ByteArraySerializer())) {
                for (int i = 0; i < 5; i++) {
                    producer.send(new ProducerRecord<>(topic, 0, null, new byte[] {(byte) i})).get();
                }
                for (int i = 0; i < 3; i++) {
                    producer.send(new ProducerRecord<>(topic, 1, null, new byte[] {(byte) i})).get();
                }
            }
            lag.poll(admin);
            assertEquals(8, lag.lag(), "nothing committed: every record");

            admin.alterConsumerGroupOffsets(group, Map.of(new TopicPartition(topic, 0), new OffsetAndMetadata(2)))
                    .all().get(30, TimeUnit.SECONDS);
            admin.deleteRecords(Map.of(new TopicPartition(topic, 1), RecordsToDelete.beforeOffset(1))).all()
                    .get(30, TimeUnit.SECONDS);
            lag.poll(admin);
            assertEquals((5 - 2) + (3 - 1), lag.lag(), "partition 0 from its commit, partition 1 from its log start");
            assertEquals(5, Scrape.parse(registry.scrape()).value("esdmon_consumer_lag_records"));
        }
    }

    @Test
    void anUnreachableKafkaMakesTheLagNaNAndCountsTheFailure() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        ConsumerLag lag = new ConsumerLag(registry, "g", "t");
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", "127.0.0.1:1", "default.api.timeout.ms", 1000,
                "request.timeout.ms", 500))) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> lag.poll(admin));
            assertTrue(e.getMessage().contains("cannot read the lag of group g on t"), e.getMessage());
        }
        Scrape s = Scrape.parse(registry.scrape());
        assertTrue(Double.isNaN(s.value("esdmon_consumer_lag_records")));
        assertEquals(1, s.value("esdmon_consumer_lag_read_failures_total"));
    }
}
