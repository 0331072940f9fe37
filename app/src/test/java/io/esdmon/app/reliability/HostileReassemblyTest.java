package io.esdmon.app.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.esdmon.app.serve.HttpLimits;
import io.esdmon.app.serve.ServeStack;
import io.esdmon.broker.KafkaBroker;
import io.esdmon.engine.tensor.Weights;
import io.esdmon.metrics.MetricsConfig;
import io.esdmon.pipeline.MonitorConfig;
import io.esdmon.proto.DType;
import io.esdmon.proto.DeadLetter;
import io.esdmon.proto.DeadLetterReason;
import io.esdmon.proto.LayerAnalysis;
import io.esdmon.proto.LayerSnapshotChunk;
import io.esdmon.proto.LayerStep;
import io.esdmon.proto.SnapshotHeader;
import io.esdmon.proto.SnapshotRecord;
import io.esdmon.proto.TensorLayout;
import io.esdmon.testkit.Heap;
import io.esdmon.testkit.KafkaBrokerExtension;
import io.esdmon.testkit.TopicWatch;
import io.esdmon.wire.snapshot.LayerPayload;
import io.esdmon.wire.snapshot.SnapshotAssembler;
import io.esdmon.wire.snapshot.SnapshotChunker;
import io.esdmon.wire.topics.EsdTopics;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The attacks of issue 19 on the snapshot topic, against a real broker and the real {@code serve}
 * stack (in this JVM, so that its heap can be read): each is followed by good snapshots on the same
 * partition, which must be analyzed, and the committed offset must pass everything.
 */
@ExtendWith(KafkaBrokerExtension.class)
class HostileReassemblyTest {

    private static final long MIB = 1 << 20;
    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final int GOOD = 20;

    private final HttpClient http = HttpClient.newHttpClient();
    private KafkaBroker broker;
    private EsdTopics topics;
    private ServeStack serve;
    private KafkaProducer<byte[], byte[]> producer;
    private TopicWatch watch;

    @AfterEach
    void stop() throws Exception {
        if (serve != null) {
            serve.stop(Duration.ofSeconds(60));
        }
        if (producer != null) {
            producer.close();
        }
        if (watch != null) {
            watch.close();
        }
    }

    /**
     * Two 114-byte records claiming 16384×8192 float32 (512 MiB each) under the production limits
     * (512 MiB per snapshot, 1 GiB in flight): nothing is reserved for the claims, so the heap does
     * not grow and good snapshots right behind them are analyzed at once, none dead-lettered.
     */
    @Test
    void aReservationAttackHoldsNothingAndTheGoodSnapshotsBehindItAreAnalyzed(KafkaBroker b) throws Exception {
        start(b, c -> c);
        long heapBefore = Heap.usedAfterGc();
        for (int i = 0; i < 2; i++) {
            byte[] claim = claim("claim-" + i).toByteArray();
            assertTrue(claim.length < 200, "a record of " + claim.length + " bytes");
            send("attack/big", claim);
        }
        long t0 = System.nanoTime();
        sendGood("after-claims", 1);
        awaitAnalyses("after-claims", GOOD);
        double seconds = (System.nanoTime() - t0) / 1e9;
        JsonObject health = health();
        long heapAfter = Heap.usedAfterGc();
        System.out.printf(Locale.ROOT, "reservation attack: 2 records claiming 512 MiB each; %d snapshots of 128 KiB behind them"
                + " analyzed in %.1f s; held for the claims %d bytes (%d incomplete); heap after GC %d MiB before,"
                + " %d MiB after%n", GOOD, seconds, health.getLong("bytesInFlight"), health.getLong("incomplete"),
                heapBefore / MIB, heapAfter / MIB);
        assertEquals(2, health.getLong("incomplete"), health.encode());
        assertTrue(health.getLong("bytesInFlight") < 8192, health.encode());
        assertEquals(0, health.getLong("roomWaits"), "no chunk had to wait: " + health.encode());
        assertEquals(List.of(), deadLetters(), "nothing good was dead-lettered");
        assertTrue(heapAfter - heapBefore < 64 * MIB, "the heap grew by " + (heapAfter - heapBefore) / MIB + " MiB");
    }

    /**
     * 3,000 first chunks of snapshots whose rest never comes, each with a 64-tag header (~34 KB):
     * at most 32 are held per partition, each counted with its header; the others are given up as
     * room is needed, and the good snapshot behind them is analyzed.
     */
    @Test
    void thousandsOfIncompleteSnapshotsAreBoundedAndTheNextGoodOneIsAnalyzed(KafkaBroker b) throws Exception {
        start(b, c -> c.withReassembly(new SnapshotAssembler.Limits(512 * MIB, 1024 * MIB, Duration.ofSeconds(20))));
        long heapBefore = Heap.usedAfterGc();
        int junk = 3000;
        for (int i = 0; i < junk; i++) {
            send("junk/fc", tagged("junk-" + i).toByteArray());
        }
        sendGood("after-junk", 1);
        awaitAnalyses("after-junk", GOOD);
        JsonObject health = health();
        long heapAfter = Heap.usedAfterGc();
        System.out.printf(Locale.ROOT, "%d incomplete snapshots with 64-tag headers: %d dead-lettered so far, %d held (%d bytes,"
                + " peak %d); partition paused %d times; heap after GC %d MiB before, %d MiB after%n", junk,
                health.getLong("deadLetters"), health.getLong("incomplete"), health.getLong("bytesInFlight"),
                health.getLong("peakBytesInFlight"), health.getLong("roomWaits"), heapBefore / MIB, heapAfter / MIB);
        assertTrue(health.getLong("incomplete") <= SnapshotAssembler.DEFAULT_MAX_INCOMPLETE_PER_PARTITION,
                health.encode());
        // a header of ~26 KB counts twice (Java strings) with its record's 4 KiB value prefix: ~59 KB each
        assertTrue(health.getLong("peakBytesInFlight") >= 32 * 50_000, "headers are counted: " + health.encode());
        assertTrue(health.getLong("peakBytesInFlight") < 8 * MIB, health.encode());
        assertTrue(heapAfter - heapBefore < 64 * MIB, "the heap grew by " + (heapAfter - heapBefore) / MIB + " MiB");
        // the 32 still held expire after 20 s; then every record is done and committed
        awaitCommitted(Duration.ofSeconds(90));
        TopicWatch.await(() -> deadLetters().size() == junk, WAIT, () -> deadLetters().size() + " dead letters");
        List<DeadLetter> letters = deadLetters();
        assertTrue(letters.stream().allMatch(d -> d.getReason() == DeadLetterReason.INCOMPLETE_SNAPSHOT),
                letters.get(0).getDetail());
    }

    /**
     * Two good snapshots that do not fit the memory cap together (4 MiB in flight; 4 MiB and 3 MiB,
     * published on two partitions, the first only in part): the younger one's chunk waits, its
     * partition paused, instead of being dead-lettered, and is taken once the older one completes
     * and frees its memory. Both are analyzed, nothing is dead-lettered.
     */
    @Test
    void aGoodSnapshotWithoutRoomWaitsAndIsAnalyzedOnceRoomFrees(KafkaBroker b) throws Exception {
        start(b, 2, c -> c.withReassembly(new SnapshotAssembler.Limits(4 * MIB, 4 * MIB, Duration.ofMinutes(5))));
        List<SnapshotRecord> older = chunked("older", "fc", 1024, 1024); // 6 chunks
        List<SnapshotRecord> younger = chunked("younger", "fc", 768, 1024); // 4 chunks
        for (SnapshotRecord r : older.subList(0, 3)) {
            send(0, "older/fc", r);
        }
        for (SnapshotRecord r : younger) {
            send(1, "younger/fc", r);
        }
        TopicWatch.await(() -> healthValue("waitingForRoom") > 0, WAIT, () -> "nothing waits: " + healthText());
        Thread.sleep(1000);
        assertEquals(0, analysesOf("younger"), "its third chunk waits for room");
        JsonObject waiting = health();
        assertTrue(waiting.getLong("bytesInFlight") <= 4 * MIB, waiting.encode());
        for (SnapshotRecord r : older.subList(3, older.size())) {
            send(0, "older/fc", r);
        }
        awaitAnalyses("older", 1);
        awaitAnalyses("younger", 1);
        JsonObject health = health();
        System.out.printf(Locale.ROOT, "two snapshots of 4 and 3 MiB with 4 MiB in flight: the younger waited (%d records held at"
                + " most), then both analyzed; peak held %d bytes; %d waits%n", waiting.getLong("waitingForRoom"),
                health.getLong("peakBytesInFlight"), health.getLong("roomWaits"));
        assertTrue(health.getLong("roomWaits") >= 1, health.encode());
        assertEquals(0, health.getLong("waitingForRoom"), health.encode());
        assertEquals(List.of(), deadLetters());
        assertTrue(health.getLong("peakBytesInFlight") <= 8 * MIB, "the cap plus one snapshot: " + health.encode());
    }

    /**
     * A record with a key of a million bytes: its dead letter keeps 256 bytes of the key, its size
     * and its SHA-256, and stays small; the partition's backlog behind it is analyzed and committed.
     */
    @Test
    void aMegabyteKeyIsDeadLetteredSmallAndThePartitionsBacklogIsAnalyzed(KafkaBroker b) throws Exception {
        start(b, c -> c);
        byte[] key = "k".repeat(1_000_000).getBytes(StandardCharsets.UTF_8);
        producer.send(new ProducerRecord<>(topics.snapshots(), key, claim("huge-key").toByteArray()))
                .get(30, TimeUnit.SECONDS);
        long t0 = System.nanoTime();
        sendGood("behind-the-key", 1);
        awaitAnalyses("behind-the-key", GOOD);
        System.out.printf(Locale.ROOT, "a 1,000,000-byte key: the %d snapshots behind it analyzed in %.1f s%n", GOOD,
                (System.nanoTime() - t0) / 1e9);
        awaitCommitted(WAIT);
        DeadLetter d = single(deadLetters());
        assertEquals(DeadLetterReason.INVALID_SNAPSHOT, d.getReason());
        assertTrue(d.getDetail().contains("1000000 bytes"), d.getDetail());
        assertTrue(d.getDetail().length() < 400, d.getDetail());
        assertEquals(256, d.getOriginalKey().size());
        assertEquals(1_000_000, d.getOriginalKeySize());
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key)),
                d.getOriginalKeySha256());
        assertTrue(d.getSerializedSize() < 8192, d.getSerializedSize() + " bytes");
        var record = watch.arrivals(topics.deadLetter()).get(0).record();
        assertTrue(record.key().length <= 256, "the dead letter's own key is cut too");
        assertEquals("consuming", health().getString("status"));
    }

    /**
     * The dead-letter topic takes at most 1,500-byte records: a dead letter quoting 4 KiB of an
     * unparseable value is written shortened. Then at most 100 bytes: even shortened it is refused,
     * counted as lost, /health says degraded and /metrics counts it; the partition goes on.
     */
    @Test
    void aDeadLetterKafkaRefusesIsShortenedThenLostLoudlyAndThePartitionGoesOn(KafkaBroker b) throws Exception {
        start(b, c -> c);
        byte[] noise = new byte[4096];
        new Random(19).nextBytes(noise); // incompressible, so the compressed dead letter stays large
        limitDeadLetters(1500);
        send("noise/fc", noise);
        sendGood("after-refusal", 1);
        awaitAnalyses("after-refusal", GOOD);
        DeadLetter shortened = single(deadLetters());
        assertTrue(shortened.getShortened(), "written shortened");
        assertEquals(0, shortened.getPayloadPrefix().size());
        assertEquals(DeadLetterReason.UNPARSEABLE, shortened.getReason());

        limitDeadLetters(100);
        send("noise/fc", noise);
        sendGood("after-loss", 1);
        awaitAnalyses("after-loss", GOOD);
        awaitCommitted(WAIT);
        JsonObject health = health();
        assertEquals(200, healthStatus());
        assertEquals("degraded", health.getString("status"), health.encode());
        assertEquals(1, health.getLong("deadLettersLost"));
        assertTrue(health.getString("error").contains("max.message.bytes"), health.getString("error"));
        String metrics = get("/metrics").body();
        assertTrue(metrics.contains("esdmon_dead_letters_lost_total 1.0"), metrics);
        assertEquals(1, deadLetters().size(), "the lost one left no trace on the topic");
    }

    /** Run ids with NUL or a right-to-left override are dead-lettered, so they never become Prometheus labels. */
    @Test
    void controlAndBidiCharactersNeverReachPrometheusLabels(KafkaBroker b) throws Exception {
        start(b, c -> c);
        for (String run : List.of("nul\0run", "rlo\u202Erun", "new\nline")) {
            send(run + "/fc", good(run, "fc", 1).toByteArray());
        }
        sendGood("labels-ok", 1);
        awaitAnalyses("labels-ok", GOOD);
        TopicWatch.await(() -> deadLetters().size() == 3, WAIT, () -> "dead letters: " + deadLetters());
        String metrics = "";
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!metrics.contains("run=\"labels-ok\"") && System.nanoTime() < deadline) {
            metrics = get("/metrics").body();
            Thread.sleep(200);
        }
        assertTrue(metrics.contains("run=\"labels-ok\""), metrics);
        for (String bad : List.of("\0", "\u202E", "run=\"nul", "run=\"rlo", "run=\"new")) {
            assertFalse(metrics.contains(bad), "/metrics holds " + bad);
        }
    }

    private void start(KafkaBroker b, UnaryOperator<MonitorConfig> tweak) {
        start(b, 1, tweak);
    }

    private void start(KafkaBroker b, int partitions, UnaryOperator<MonitorConfig> tweak) {
        broker = b;
        topics = KafkaBrokerExtension.freshTopics(broker, partitions);
        MonitorConfig monitor = tweak.apply(MonitorConfig.defaults(Map.of("bootstrap.servers",
                broker.bootstrapServers())).withTopics(topics).withGroupId("hostile-" + topics.snapshots())
                .withWorkers(1, 4).withCreateTopics(false));
        serve = ServeStack.start(new ServeStack.Settings(monitor, MetricsConfig.defaults(), null, null,
                Optional.empty(), "127.0.0.1", 0, HttpLimits.DEFAULT));
        producer = new KafkaProducer<>(Map.of("bootstrap.servers", broker.bootstrapServers(), "linger.ms", "5"),
                new ByteArraySerializer(), new ByteArraySerializer());
        watch = new TopicWatch(broker.bootstrapServers(), List.of(topics.analyses(), topics.deadLetter()));
    }

    private void send(String key, byte[] value) throws Exception {
        producer.send(new ProducerRecord<>(topics.snapshots(), key.getBytes(StandardCharsets.UTF_8), value))
                .get(30, TimeUnit.SECONDS);
    }

    private void send(int partition, String key, SnapshotRecord value) throws Exception {
        producer.send(new ProducerRecord<>(topics.snapshots(), partition, key.getBytes(StandardCharsets.UTF_8),
                value.toByteArray())).get(30, TimeUnit.SECONDS);
    }

    /** The chunks of a rows×cols float32 snapshot of layer {@code layer} of {@code run}, step 1. */
    private static List<SnapshotRecord> chunked(String run, String layer, int rows, int cols) {
        Random r = new Random(rows);
        float[] v = new float[rows * cols];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (r.nextGaussian() / 32);
        }
        LayerPayload payload = LayerPayload.of(Weights.dense(layer, rows, cols, v));
        LayerStep s = LayerStep.newBuilder().setRunId(run).setLayer(layer).setStep(1).build();
        return new SnapshotChunker().chunk(SnapshotChunker.header(run + "-" + layer, s, payload), payload);
    }

    /** {@link #GOOD} snapshots of 128 KiB, layers fc0.. of {@code run}. */
    private void sendGood(String run, long step) throws Exception {
        for (int i = 0; i < GOOD; i++) {
            producer.send(new ProducerRecord<>(topics.snapshots(), (run + "/fc" + i).getBytes(StandardCharsets.UTF_8),
                    good(run, "fc" + i, step).toByteArray()));
        }
        producer.flush();
    }

    private static SnapshotRecord good(String run, String layer, long step) {
        Random r = new Random(step * 31 + layer.hashCode());
        float[] v = new float[128 * 256];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (r.nextGaussian() / 16);
        }
        LayerPayload payload = LayerPayload.of(Weights.dense(layer, 128, 256, v));
        LayerStep s = LayerStep.newBuilder().setRunId("r").setLayer(layer).setStep(step).build();
        SnapshotRecord valid = new SnapshotChunker().chunk(SnapshotChunker.header("id-" + Math.abs(run.hashCode())
                + "-" + layer + "-" + step, s, payload), payload).get(0);
        // the run id is set afterwards, without the rules' checks, so that a hostile one can be sent
        return valid.toBuilder().setChunk(valid.getChunk().toBuilder().setHeader(valid.getChunk().getHeader()
                .toBuilder().setLayerStep(s.toBuilder().setRunId(run)))).build();
    }

    /** A first chunk of 16 bytes claiming 16384×8192 float32 (512 MiB) in 683 chunks. */
    private static SnapshotRecord claim(String id) {
        SnapshotHeader h = SnapshotHeader.newBuilder().setSnapshotId(id)
                .setLayerStep(LayerStep.newBuilder().setRunId("attack").setLayer("big").setStep(1))
                .setTensor(TensorLayout.newBuilder().setDtype(DType.F32).addShape(16384).addShape(8192))
                .setTotalBytes(16384L * 8192 * 4).build();
        return SnapshotRecord.newBuilder().setChunk(LayerSnapshotChunk.newBuilder().setHeader(h).setChunkCount(683)
                .setData(ByteString.copyFrom(new byte[16]))).build();
    }

    /** The first of two chunks of a 40×30 float32 snapshot whose header carries 64 tags of 200-byte keys and values. */
    private static SnapshotRecord tagged(String id) {
        LayerStep.Builder s = LayerStep.newBuilder().setRunId("junk").setLayer("fc").setStep(1);
        for (int t = 0; t < 64; t++) {
            s.putTags(String.format(Locale.ROOT, "%0200d", t), "v".repeat(200));
        }
        SnapshotHeader h = SnapshotHeader.newBuilder().setSnapshotId(id).setLayerStep(s)
                .setTensor(TensorLayout.newBuilder().setDtype(DType.F32).addShape(40).addShape(30)).setTotalBytes(4800)
                .build();
        return SnapshotRecord.newBuilder().setChunk(LayerSnapshotChunk.newBuilder().setHeader(h).setChunkCount(2)
                .setData(ByteString.copyFrom(new byte[2400]))).build();
    }

    private void awaitAnalyses(String run, int count) throws InterruptedException {
        TopicWatch.await(() -> analysesOf(run) >= count, WAIT, () -> analysesOf(run) + " of " + count
                + " analyses of " + run + "; " + serve.monitor().orElseThrow().stats());
    }

    private long analysesOf(String run) {
        return watch.parsed(topics.analyses(), LayerAnalysis.parser()).stream()
                .filter(a -> a.getLayerStep().getRunId().equals(run)).count();
    }

    private List<DeadLetter> deadLetters() {
        return watch.parsed(topics.deadLetter(), DeadLetter.parser());
    }

    /** Waits until the group committed the end of the (single) snapshot partition. */
    private void awaitCommitted(Duration timeout) throws Exception {
        TopicPartition p = new TopicPartition(topics.snapshots(), 0);
        try (Admin admin = broker.admin()) {
            TopicWatch.await(() -> committed(admin, p) == end(admin, p), timeout, () -> "committed "
                    + committed(admin, p) + " of " + end(admin, p) + "; " + serve.monitor().orElseThrow().stats());
        }
    }

    private long committed(Admin admin, TopicPartition p) {
        try {
            var o = admin.listConsumerGroupOffsets("hostile-" + topics.snapshots()).partitionsToOffsetAndMetadata()
                    .get(30, TimeUnit.SECONDS).get(p);
            return o == null ? -1 : o.offset();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static long end(Admin admin, TopicPartition p) {
        try {
            return admin.listOffsets(Map.of(p, OffsetSpec.latest())).partitionResult(p).get(30, TimeUnit.SECONDS)
                    .offset();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private void limitDeadLetters(int maxMessageBytes) throws Exception {
        try (Admin admin = broker.admin()) {
            admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.TOPIC, topics.deadLetter()),
                    List.of(new AlterConfigOp(new ConfigEntry("max.message.bytes", Integer.toString(maxMessageBytes)),
                            AlterConfigOp.OpType.SET)))).all().get(30, TimeUnit.SECONDS);
        }
    }

    private JsonObject health() throws Exception {
        return new JsonObject(get("/health").body());
    }

    private long healthValue(String field) {
        try {
            return health().getLong(field);
        } catch (Exception e) {
            return -1;
        }
    }

    private String healthText() {
        try {
            return health().encode();
        } catch (Exception e) {
            return e.toString();
        }
    }

    private int healthStatus() throws Exception {
        return get("/health").statusCode();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(serve.url(path))).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static <T> T single(Collection<T> items) {
        assertEquals(1, items.size(), String.valueOf(items));
        return items.iterator().next();
    }


}
