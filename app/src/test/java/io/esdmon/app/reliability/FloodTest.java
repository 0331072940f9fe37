package io.esdmon.app.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.esdmon.app.serve.ServeProcess;
import io.esdmon.broker.KafkaBroker;
import io.esdmon.engine.AnalysisOptions;
import io.esdmon.engine.tensor.Weights;
import io.esdmon.proto.LayerAnalysis;
import io.esdmon.publisher.LayerReceipt;
import io.esdmon.publisher.SnapshotPublisher;
import io.esdmon.publisher.StepInfo;
import io.esdmon.testkit.KafkaBrokerExtension;
import io.esdmon.testkit.TopicRecords;
import io.esdmon.testkit.TopicWatch;
import io.esdmon.wire.DeterministicIds;
import io.esdmon.wire.topics.EsdTopics;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A flood: {@code esdmon serve} in a child JVM with a 192 MiB heap, one engine thread and at most 4
 * snapshots pending, receives 400 MiB of snapshots (200 layers of 1024×512 float32) published as fast
 * as the broker takes them, far faster than one thread analyzes them. The consumer pauses
 * (backpressure), the pending snapshots and the reassembly bytes stay under their configured bounds
 * (read from /health while the flood lasts), the process survives in a heap half the flood's size,
 * and afterwards every snapshot is analyzed exactly once with nothing dead-lettered.
 */
@ExtendWith(KafkaBrokerExtension.class)
class FloodTest {

    private static final int LAYERS = 10;
    private static final int STEPS = 20;
    private static final int ROWS = 1024;
    private static final int COLS = 512;
    private static final int MAX_PENDING = 4;
    private static final long MIB = 1 << 20;
    private static final long MAX_IN_FLIGHT_MIB = 32;
    private static final long HEAP_MIB = 192;
    /** Kafka's poll may bring up to max.poll.records (64) chunks after the pause is requested. */
    private static final int POLL_RECORDS = 64;
    private static final Duration WAIT = Duration.ofSeconds(240);

    @Test
    void aFloodIsHeldBackUnderTheBoundsAndFullyAnalyzedAfterwards(KafkaBroker broker, @TempDir Path dir)
            throws Exception {
        EsdTopics topics = KafkaBrokerExtension.freshTopics(broker, 2);
        String prefix = topics.snapshots().substring(0, topics.snapshots().length() - "esd.snapshots".length());
        long layerBytes = 4L * ROWS * COLS;
        long floodBytes = layerBytes * LAYERS * STEPS;
        try (ServeProcess serve = ServeProcess.start(List.of("-Xmx" + HEAP_MIB + "m"), dir.resolve("serve.log"),
                "--bootstrap", broker.bootstrapServers(), "--http-port", "0", "--topic-prefix", prefix,
                "--group", "flood-" + prefix, "--workers", "1", "--max-pending", String.valueOf(MAX_PENDING),
                "--max-in-flight-mib", String.valueOf(MAX_IN_FLIGHT_MIB), "--max-snapshot-mib", "16",
                "--no-create-topics").awaitReady();
                TopicWatch watch = new TopicWatch(broker.bootstrapServers(), List.of(topics.analyses()))) {
            Sampler sampler = new Sampler(serve);
            sampler.start();
            long t0 = System.nanoTime();
            try (SnapshotPublisher publisher = SnapshotPublisher.create(Map.of("bootstrap.servers",
                    broker.bootstrapServers()), topics.snapshots())) {
                float[] data = gaussian(ROWS * COLS, 7);
                List<CompletableFuture<LayerReceipt>> sent = new ArrayList<>();
                for (int step = 0; step < STEPS; step++) {
                    for (int l = 0; l < LAYERS; l++) {
                        sent.add(publisher.publishLayer(StepInfo.of("flood", step), Weights.dense("layer" + l, ROWS,
                                COLS, data), l));
                    }
                }
                for (CompletableFuture<LayerReceipt> f : sent) {
                    f.get(120, TimeUnit.SECONDS);
                }
            }
            long published = System.nanoTime();
            int analyzedWhenPublished = distinctIds(watch, topics.analyses()).size();
            Set<String> expected = new HashSet<>();
            for (int step = 0; step < STEPS; step++) {
                for (int l = 0; l < LAYERS; l++) {
                    expected.add(DeterministicIds.analysisId("flood", "layer" + l, step,
                            DeterministicIds.configId(AnalysisOptions.defaults())));
                }
            }
            TopicWatch.await(() -> distinctIds(watch, topics.analyses()).containsAll(expected), WAIT,
                    () -> distinctIds(watch, topics.analyses()).size() + " of " + expected.size() + " analyzed");
            long done = System.nanoTime();
            sampler.stop();
            JsonObject health = serve.health();

            assertTrue(serve.isAlive(), "the monitor survived the flood");
            List<LayerAnalysis> all = TopicRecords.readAll(broker, topics.analyses(), WAIT).stream()
                    .map(r -> parse(r.value())).toList();
            assertEquals(expected, all.stream().map(LayerAnalysis::getAnalysisId).collect(Collectors.toSet()));
            assertEquals(expected.size(), all.size(), "each snapshot analyzed once (no restart, so no duplicate)");
            assertTrue(TopicRecords.readAll(broker, topics.deadLetter(), Duration.ofSeconds(30)).isEmpty(),
                    "nothing dead-lettered");
            assertTrue(analyzedWhenPublished < expected.size() / 2, "a flood: only " + analyzedWhenPublished
                    + " of " + expected.size() + " were analyzed when the last was published");
            assertTrue(health.getLong("pauses") > 0, "the consumer paused: " + health);
            assertTrue(health.getLong("peakPending") <= MAX_PENDING + POLL_RECORDS, health.toString());
            assertTrue(health.getLong("peakBytesInFlight") <= MAX_IN_FLIGHT_MIB * MIB, health.toString());
            assertTrue(sampler.peakPending.get() <= health.getLong("peakPending"), "the stats' peak holds every"
                    + " sample: " + sampler.peakPending + " vs " + health);
            assertTrue(floodBytes > 2 * HEAP_MIB * MIB, "the flood is over twice the monitor's heap");
            System.out.printf(Locale.ROOT, "flood: %d snapshots, %d MiB, published in %.1f s with %d analyzed by then; all"
                    + " analyzed %.1f s later (%.1f layers/s overall); consumer paused %d times; peak pending %d"
                    + " (max-pending %d); peak bytes in flight %.1f MiB (cap %d MiB); heap used peak %d MiB of %d"
                    + " MiB; resident peak %d MiB%n", expected.size(), floodBytes / MIB, seconds(published - t0),
                    analyzedWhenPublished, seconds(done - published), expected.size() / seconds(done - t0),
                    health.getLong("pauses"), health.getLong("peakPending"), MAX_PENDING,
                    health.getLong("peakBytesInFlight") / (double) MIB, MAX_IN_FLIGHT_MIB,
                    sampler.peakHeap.get() / MIB, health.getLong("heapMax") / MIB, sampler.peakResident.get() / MIB);
        }
    }

    /** Reads /health (and the resident set size) every 100 ms and keeps the peaks. */
    private static final class Sampler {
        final AtomicLong peakPending = new AtomicLong();
        final AtomicLong peakHeap = new AtomicLong();
        final AtomicLong peakResident = new AtomicLong();
        private final ServeProcess serve;
        private final Thread thread;
        private volatile boolean stop;

        Sampler(ServeProcess serve) {
            this.serve = serve;
            this.thread = new Thread(this::run, "flood-sampler");
            thread.setDaemon(true);
        }

        void start() {
            thread.start();
        }

        void stop() throws InterruptedException {
            stop = true;
            thread.join(10_000);
        }

        private void run() {
            while (!stop) {
                try {
                    JsonObject h = serve.health();
                    peakPending.accumulateAndGet(h.getLong("pending"), Math::max);
                    peakHeap.accumulateAndGet(h.getLong("heapUsed"), Math::max);
                    peakResident.accumulateAndGet(serve.residentBytes(), Math::max);
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                } catch (Exception e) {
                    // a slow answer under load is skipped; the stats keep their own peaks
                }
            }
        }
    }

    private static Set<String> distinctIds(TopicWatch watch, String topic) {
        return watch.arrivals(topic).stream().map(a -> parse(a.record().value())
                .getAnalysisId()).collect(Collectors.toSet());
    }

    private static float[] gaussian(int n, long seed) {
        Random r = new Random(seed);
        float[] d = new float[n];
        for (int i = 0; i < n; i++) {
            d[i] = (float) r.nextGaussian();
        }
        return d;
    }

    private static LayerAnalysis parse(byte[] value) {
        try {
            return LayerAnalysis.parseFrom(value);
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new AssertionError(e);
        }
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }
}
