package io.esdmon.pipeline;

import static io.esdmon.pipeline.Pipelines.await;
import static io.esdmon.pipeline.Pipelines.awaitCommitted;
import static io.esdmon.pipeline.Pipelines.chunks;
import static io.esdmon.pipeline.Pipelines.config;
import static io.esdmon.pipeline.Pipelines.gaussian;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import io.esdmon.broker.KafkaBroker;
import io.esdmon.engine.AnalysisOptions;
import io.esdmon.engine.tensor.Weights;
import io.esdmon.proto.DType;
import io.esdmon.proto.DeadLetter;
import io.esdmon.proto.DeadLetterReason;
import io.esdmon.proto.LayerAnalysis;
import io.esdmon.proto.LayerSnapshotChunk;
import io.esdmon.proto.LayerStep;
import io.esdmon.proto.ManifestLayer;
import io.esdmon.proto.SnapshotHeader;
import io.esdmon.proto.SnapshotManifest;
import io.esdmon.proto.SnapshotRecord;
import io.esdmon.proto.TensorLayout;
import io.esdmon.testkit.Heap;
import io.esdmon.testkit.KafkaBrokerExtension;
import io.esdmon.testkit.TopicWatch;
import io.esdmon.wire.DeterministicIds;
import io.esdmon.wire.snapshot.LayerPayload;
import io.esdmon.wire.snapshot.SnapshotAssembler;
import io.esdmon.wire.topics.EsdTopics;
import io.vertx.core.Vertx;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A corpus of broken and hostile records, each published on its own to a running monitor (one
 * partition, so everything is in one order), followed by a good record: each bad case yields the
 * dead letters it should, with reason, stage and the fact in the detail, or is handled correctly
 * (analyzed once, no dead letter); the good record after it is analyzed; the committed offset moves
 * past everything; the bytes held for reassembly never exceed the configured cap and drop back to 0;
 * the heap retains nothing afterwards.
 */
@ExtendWith(KafkaBrokerExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostileInputTest {

    private static final String CONFIG_ID = DeterministicIds.configId(AnalysisOptions.defaults());
    private static final long MIB = 1 << 20;
    /** Small bounds so that the corpus reaches them: 8 MiB per snapshot, 16 MiB in flight, 2 s to complete. */
    private static final SnapshotAssembler.Limits LIMITS = new SnapshotAssembler.Limits(8 * MIB, 16 * MIB,
            Duration.ofSeconds(2));
    private static final Duration WAIT = Duration.ofSeconds(60);

    private static Vertx vertx;
    private static KafkaBroker broker;
    private static EsdTopics topics;
    private static String group;
    private static Monitor monitor;
    private static KafkaProducer<byte[], byte[]> producer;
    private static TopicWatch watch;
    private static long heapBefore;
    private static final AtomicLong PEAK_HEAP = new AtomicLong();
    private static Thread heapSampler;
    private static final List<Case> RUN = new ArrayList<>();

    /** A dead letter a case must produce: its reason, the stage that rejected it and a phrase of its detail. */
    record Letter(DeadLetterReason reason, String stage, String detail) {
    }

    /**
     * One hostile input: the records to publish (key, value; a null value is a tombstone), the dead
     * letters expected, and how many analyses of run {@code run} (0 when every record is refused).
     */
    record Case(String name, String run, List<ProducerRecord<byte[], byte[]>> records, List<Letter> letters,
            int analyses) {
        @Override
        public String toString() {
            return name;
        }
    }

    @BeforeAll
    static void start(KafkaBroker b) throws Exception {
        broker = b;
        vertx = Vertx.vertx();
        topics = KafkaBrokerExtension.freshTopics(broker, 1);
        group = "hostile-" + topics.snapshots();
        producer = new KafkaProducer<>(Map.of("bootstrap.servers", broker.bootstrapServers()),
                new ByteArraySerializer(), new ByteArraySerializer());
        watch = new TopicWatch(broker.bootstrapServers(), List.of(topics.analyses(), topics.deadLetter()));
        heapBefore = Heap.usedAfterGc();
        heapSampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                PEAK_HEAP.accumulateAndGet(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(),
                        Math::max);
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "heap-sampler");
        heapSampler.setDaemon(true);
        heapSampler.start();
        monitor = await(Monitor.start(vertx, config(broker, topics, group).withWorkers(1, 2).withReassembly(LIMITS)));
    }

    @AfterAll
    static void stop() throws Exception {
        heapSampler.interrupt();
        if (monitor != null) {
            await(monitor.stop());
        }
        watch.close();
        producer.close();
        await(vertx.close());
    }

    static Stream<Case> corpus() throws IOException {
        Weights fc = gaussian("fc", 40, 30, 1); // 4,800 bytes
        List<Case> c = new ArrayList<>();

        byte[] whole = one("c1", "fc", fc).toByteArray();
        c.add(refused("truncated protobuf", "c1/fc", Arrays.copyOf(whole, whole.length / 2),
                new Letter(DeadLetterReason.UNPARSEABLE, "ingest", "not a SnapshotRecord")));
        // field 1 (the chunk) sent as a varint: protobuf keeps it as an unknown field, leaving no record
        c.add(refused("wrong wire type for the chunk", "c2/fc", new byte[] {0x08, (byte) 0x96, 0x01},
                new Letter(DeadLetterReason.UNPARSEABLE, "ingest", "neither a chunk nor a manifest")));
        c.add(refused("wrong type of total_bytes in the header", "c3/fc", withTotalBytesAsText(one("c3", "fc", fc))
                .toByteArray(), new Letter(DeadLetterReason.INVALID_SNAPSHOT, "reassembly", "total_bytes")));
        c.add(refused("tombstone (no value)", "c4/fc", null,
                new Letter(DeadLetterReason.UNPARSEABLE, "ingest", "neither a chunk nor a manifest")));
        byte[] utf8 = one("c5", "fc\u00e9", fc).toByteArray();
        c.add(refused("invalid UTF-8 in the layer name", "c5/fcX", invalidUtf8(utf8),
                new Letter(DeadLetterReason.UNPARSEABLE, "ingest", "UTF-8")));

        SnapshotRecord six = withHeader(one("c6", "fc", fc), h -> h.setTotalBytes(4000));
        c.add(refused("shape and data length disagree", "c6/fc", six.toBuilder().setChunk(six.getChunk().toBuilder()
                .setData(ByteString.copyFrom(new byte[4000]))).build().toByteArray(),
                new Letter(DeadLetterReason.INVALID_SNAPSHOT, "reassembly", "is 4800 bytes but total_bytes says 4000")));
        List<SnapshotRecord> two = chunks("c7-short", step("c7", "fc"), LayerPayload.of(fc), 2400);
        c.add(new Case("chunks hold fewer bytes than total_bytes", "c7", List.of(
                rec("c7/fc", two.get(0).toByteArray()),
                rec("c7/fc", two.get(1).toBuilder().setChunk(two.get(1).getChunk().toBuilder()
                        .setData(two.get(1).getChunk().getData().substring(0, 1200))).build().toByteArray())),
                List.of(new Letter(DeadLetterReason.INVALID_SNAPSHOT, "reassembly", "chunks hold 3600 bytes")), 0));

        float[] nan = new float[40 * 30];
        nan[17] = Float.NaN;
        c.add(refused("NaN weight", "c8/fc", one("c8", "fc", Weights.dense("fc", 40, 30, nan)).toByteArray(),
                new Letter(DeadLetterReason.INVALID_SNAPSHOT, "validation", "not finite")));
        double[] evals = new double[20];
        Arrays.fill(evals, 1.0);
        evals[4] = Double.POSITIVE_INFINITY;
        c.add(refused("infinite eigenvalue", "c9/spec", chunks("c9-inf", step("c9", "spec"),
                new LayerPayload.Spectrum(50, 20, 1, evals), 1 << 16).get(0).toByteArray(),
                new Letter(DeadLetterReason.INVALID_SNAPSHOT, "validation", "Infinity")));

        // 10^6 x 10^6 float32 (4 TB) declared by a record just under Kafka's 1 MB limit
        c.add(refused("absurd shape 10^6 x 10^6 in a record just under 1 MB", "c10/fc", declared("c10", "fc",
                4_000_000_000_000L, 5_000_000, 1_000_000, 1_000_000, 1_000_000).toByteArray(),
                new Letter(DeadLetterReason.TOO_LARGE, "reassembly", "maxSnapshotBytes")));
        long big = Integer.MAX_VALUE;
        c.add(refused("shape whose element count overflows", "c11/fc", declared("c11", "fc", 4800, 1, 4800, big, big,
                big, big).toByteArray(), new Letter(DeadLetterReason.INVALID_SNAPSHOT, "reassembly", "2^63")));
        c.add(refused("absurd shape with a small total_bytes", "c12/fc", declared("c12", "fc", 4800, 1, 4800,
                1_000_000, 1_000_000).toByteArray(), new Letter(DeadLetterReason.INVALID_SNAPSHOT, "reassembly",
                        "but total_bytes says 4800")));

        List<SnapshotRecord> half = chunks("c13-half", step("c13", "fc"), LayerPayload.of(fc), 2400);
        c.add(refused("chunks that never complete", "c13/fc", half.get(0).toByteArray(),
                new Letter(DeadLetterReason.INCOMPLETE_SNAPSHOT, "reassembly", "1 of 2 chunks")));
        // three snapshots of 6 MiB announced by their first chunks: nothing is reserved for the claims, so all
        // three are held (their first chunks, 768 KiB each) and given up when the rest never comes
        List<ProducerRecord<byte[], byte[]>> flood = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            flood.add(rec("c14/big", declared("c14-" + i, "big", 6 * MIB, 8, 768 * 1024, 1536, 1024).toByteArray()));
        }
        c.add(new Case("more declared bytes than maxBytesInFlight", "c14", flood, List.of(
                new Letter(DeadLetterReason.INCOMPLETE_SNAPSHOT, "reassembly", "1 of 8 chunks"),
                new Letter(DeadLetterReason.INCOMPLETE_SNAPSHOT, "reassembly", "1 of 8 chunks"),
                new Letter(DeadLetterReason.INCOMPLETE_SNAPSHOT, "reassembly", "1 of 8 chunks")), 0));

        List<SnapshotRecord> five = chunks("c15-dup", step("c15", "fc"), LayerPayload.of(fc), 1000);
        c.add(handled("duplicate chunks, also after completion", "c15", five, 0, 1, 1, 2, 3, 4, 4, 2, 0));
        List<SnapshotRecord> shuffled = chunks("c16-ooo", step("c16", "fc"), LayerPayload.of(fc), 1000);
        c.add(handled("out-of-order chunks", "c16", shuffled, 4, 2, 0, 3, 1));

        c.add(refused("empty run id", "/fc", one("", "fc", fc).toByteArray(),
                new Letter(DeadLetterReason.INVALID_SNAPSHOT, "reassembly", "run id must be non-empty")));
        c.add(refused("empty layer name", "c18/", one("c18", "", fc).toByteArray(),
                new Letter(DeadLetterReason.INVALID_SNAPSHOT, "reassembly", "layer name")));
        c.add(refused("run id with a slash", "c19/x/fc", one("c19/x", "fc", fc).toByteArray(),
                new Letter(DeadLetterReason.INVALID_SNAPSHOT, "reassembly", "no '/'")));
        String run = "c20-\u00fcn\u00efc\u00f8d\u00e9";
        List<ProducerRecord<byte[], byte[]>> names = new ArrayList<>();
        for (String layer : List.of("../../etc/passwd", "\u30a8\u30f3\u30b3\u30fc\u30c0.\u5c64/0 \ud83c\udf89",
                "tab\there\nnewline\u0000nul")) {
            names.add(rec(run + "/" + layer, one(run, layer, fc).toByteArray()));
        }
        c.add(new Case("unicode, control characters and path-like names", run, names, List.of(
                new Letter(DeadLetterReason.INVALID_SNAPSHOT, "reassembly", "holds U+0009")), 2));

        List<SnapshotRecord> dis = chunks("c21-dis", step("c21", "fc"), LayerPayload.of(fc), 1000);
        List<ProducerRecord<byte[], byte[]>> disagree = new ArrayList<>();
        disagree.add(rec("c21/fc", dis.get(0).toByteArray()));
        disagree.add(rec("c21/fc", withHeader(dis.get(1), h -> h.setLayerStep(h.getLayerStep().toBuilder()
                .setStep(99))).toByteArray()));
        dis.subList(2, 5).forEach(r -> disagree.add(rec("c21/fc", r.toByteArray())));
        c.add(new Case("chunks that disagree on the header (later ones dropped)", "c21", disagree,
                List.of(new Letter(DeadLetterReason.INVALID_SNAPSHOT, "reassembly", "disagrees")), 0));
        c.add(refused("chunk index out of range", "c22/fc", one("c22", "fc", fc).toBuilder().setChunk(
                one("c22", "fc", fc).getChunk().toBuilder().setChunkIndex(7)).build().toByteArray(),
                new Letter(DeadLetterReason.INVALID_SNAPSHOT, "reassembly", "chunk_index")));
        c.add(refused("key longer than any valid key", "c23/" + "k".repeat(5000), one("c23", "fc", fc).toByteArray(),
                new Letter(DeadLetterReason.INVALID_SNAPSHOT, "ingest", "5004 bytes")));
        c.add(refused("right-to-left override in the run id", "c24\u202eevil/fc", one("c24\u202eevil", "fc", fc)
                .toByteArray(), new Letter(DeadLetterReason.INVALID_SNAPSHOT, "reassembly", "U+202E")));
        c.add(refused("NUL in the run id", "c25\0x/fc", one("c25\0x", "fc", fc).toByteArray(),
                new Letter(DeadLetterReason.INVALID_SNAPSHOT, "reassembly", "U+0000")));
        c.add(refused("claimed size its chunk count cannot carry", "c26/big", declared("c26", "big", 16 * MIB, 1, 1024,
                4096, 1024).toByteArray(), new Letter(DeadLetterReason.INVALID_SNAPSHOT, "reassembly",
                        "cannot travel in 1 chunks")));
        c.add(refused("manifest with an empty run", "", manifest("", 1, 1).toByteArray(),
                new Letter(DeadLetterReason.INVALID_SNAPSHOT, "ingest", "run id must be non-empty")));
        c.add(refused("manifest with a negative step", "c28", manifest("c28", -5, 1).toByteArray(),
                new Letter(DeadLetterReason.INVALID_SNAPSHOT, "ingest", "step and epoch must be >= 0")));
        c.add(refused("manifest listing 5000 layers that never come", "c29", manifest("c29", 1, 5000).toByteArray(),
                new Letter(DeadLetterReason.INVALID_SNAPSHOT, "ingest", "5000 layers listed")));
        c.add(refused("manifest keyed by another run", "c30-other", manifest("c30", 1, 1).toByteArray(),
                new Letter(DeadLetterReason.INVALID_SNAPSHOT, "ingest", "key manifests by their run id")));
        return c.stream();
    }

    /** A manifest of {@code layers} layers of one chunk each. */
    private static SnapshotRecord manifest(String run, long step, int layers) {
        SnapshotManifest.Builder m = SnapshotManifest.newBuilder().setRunId(run).setStep(step);
        for (int i = 0; i < layers; i++) {
            m.addLayers(ManifestLayer.newBuilder().setLayer("l" + i).setLayerIndex(i).setSnapshotId("s-" + i)
                    .setChunkCount(1).setTotalBytes(4800));
        }
        return SnapshotRecord.newBuilder().setManifest(m).build();
    }

    @Order(1)
    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void eachBadInputIsDeadLetteredOrHandledAndTheNextGoodRecordIsAnalyzed(Case bad) throws Exception {
        int index = RUN.size() + 1;
        RUN.add(bad);
        long first = -1;
        long last = -1;
        for (ProducerRecord<byte[], byte[]> r : bad.records()) {
            long offset = producer.send(new ProducerRecord<>(topics.snapshots(), r.key(), r.value())).get(30,
                    TimeUnit.SECONDS).offset();
            first = first < 0 ? offset : first;
            last = offset;
        }
        producer.send(rec(topics.snapshots(), "next/fc", one("next", "fc", gaussian("fc", 40, 30, index), index)))
                .get(30, TimeUnit.SECONDS);

        String nextId = DeterministicIds.analysisId("next", "fc", index, CONFIG_ID);
        TopicWatch.await(() -> analyses().stream().anyMatch(a -> a.getAnalysisId().equals(nextId)), WAIT,
                () -> "the good record after '" + bad.name() + "' was not analyzed; " + monitor.stats());
        long from = first;
        long to = last;
        TopicWatch.await(() -> lettersBetween(from, to).size() >= bad.letters().size(), WAIT,
                () -> "dead letters of '" + bad.name() + "': " + lettersBetween(from, to));
        List<DeadLetter> got = lettersBetween(from, to);
        assertEquals(bad.letters().size(), got.size(), () -> "dead letters: " + got);
        List<Letter> unmatched = new ArrayList<>(bad.letters());
        for (DeadLetter d : got) {
            Letter match = unmatched.stream().filter(l -> l.reason() == d.getReason() && l.stage().equals(d.getStage())
                    && d.getDetail().contains(l.detail())).findFirst().orElseThrow(() -> new AssertionError(
                            "unexpected dead letter " + d.getReason() + "/" + d.getStage() + ": " + d.getDetail()));
            unmatched.remove(match);
            assertEquals(topics.snapshots(), d.getOriginal().getTopic());
            assertTrue(d.getDetail().length() > 20, d.getDetail());
        }
        List<LayerAnalysis> ofRun = analyses().stream().filter(a -> a.getLayerStep().getRunId().equals(bad.run()))
                .toList();
        assertEquals(bad.analyses(), ofRun.size(), () -> "analyses of run " + bad.run() + ": " + ofRun);
        if (bad.name().startsWith("unicode")) {
            for (LayerAnalysis a : ofRun) {
                assertTrue(bad.records().stream().anyMatch(r -> Arrays.equals(r.key(), (bad.run() + "/"
                        + a.getLayerStep().getLayer()).getBytes(StandardCharsets.UTF_8))), a.getLayerStep().getLayer());
            }
        }
        awaitCommitted(broker, group, topics.snapshots());
        TopicWatch.await(() -> monitor.stats().bytesInFlight() == 0, WAIT, () -> "bytes held: " + monitor.stats());
        assertTrue(monitor.stats().peakBytesInFlight() <= LIMITS.maxBytesInFlight(), monitor.stats()::toString);
    }

    /**
     * After the corpus: no dead letter came late (a duplicate chunk starting a snapshot that never
     * completes would, after the timeout), every analysis is there once, and the heap kept nothing.
     */
    @Order(2)
    @Test
    void nothingElseWasWrittenAndMemoryStayedBounded() throws Exception {
        Thread.sleep(LIMITS.incompleteTimeout().toMillis() + 2000);
        int letters = RUN.stream().mapToInt(c -> c.letters().size()).sum();
        int analyzed = RUN.size() + RUN.stream().mapToInt(Case::analyses).sum();
        assertEquals(letters, watch.arrivals(topics.deadLetter()).size(), "dead letters in all");
        assertEquals(analyzed, analyses().size(), "analyses in all, no duplicates");
        assertEquals(analyzed, analyses().stream().map(LayerAnalysis::getAnalysisId).distinct().count());
        // the three first chunks of case c14 (768 KiB each) held at once: their claims reserved nothing
        assertTrue(monitor.stats().peakBytesInFlight() >= 3 * 768 * 1024, monitor.stats()::toString);
        assertTrue(monitor.stats().peakBytesInFlight() < 4 * MIB, monitor.stats()::toString);
        long heapAfter = Heap.usedAfterGc();
        System.out.printf(Locale.ROOT, "hostile corpus: %d cases, %d dead letters, %d analyses; peak bytes in flight %d MiB"
                + " (cap %d MiB); heap after GC %d MiB before, %d MiB after; peak heap sampled %d MiB; %s%n",
                RUN.size(), letters, analyzed, monitor.stats().peakBytesInFlight() / MIB,
                LIMITS.maxBytesInFlight() / MIB, heapBefore / MIB, heapAfter / MIB, PEAK_HEAP.get() / MIB,
                monitor.stats());
        assertTrue(heapAfter < heapBefore + 64 * MIB, "the heap kept " + (heapAfter - heapBefore) / MIB + " MiB");
    }


    private static List<LayerAnalysis> analyses() {
        return watch.parsed(topics.analyses(), LayerAnalysis.parser());
    }

    private static List<DeadLetter> lettersBetween(long first, long last) {
        return watch.parsed(topics.deadLetter(), DeadLetter.parser()).stream().filter(d -> d.getOriginal().getOffset() >= first && d.getOriginal().getOffset() <= last).toList();
    }

    private static Case refused(String name, String key, byte[] value, Letter letter) {
        return new Case(name, key.split("/", -1)[0], List.of(rec(key, value)), List.of(letter), 0);
    }

    /** A snapshot whose chunks are published in {@code order} (repeats allowed): analyzed once, no dead letter. */
    private static Case handled(String name, String run, List<SnapshotRecord> chunks, int... order) {
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (int i : order) {
            records.add(rec(run + "/fc", chunks.get(i).toByteArray()));
        }
        return new Case(name, run, records, List.of(), 1);
    }

    private static ProducerRecord<byte[], byte[]> rec(String key, byte[] value) {
        return new ProducerRecord<>("unused", key.getBytes(StandardCharsets.UTF_8), value);
    }

    private static ProducerRecord<byte[], byte[]> rec(String topic, String key, SnapshotRecord value) {
        return new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value.toByteArray());
    }

    private static LayerStep step(String run, String layer) {
        return step(run, layer, 1);
    }

    private static LayerStep step(String run, String layer, long step) {
        return LayerStep.newBuilder().setRunId(run).setLayer(layer).setStep(step).build();
    }

    /** One-chunk snapshot of {@code w} as layer {@code layer} of {@code run}, built without the rules' checks. */
    private static SnapshotRecord one(String run, String layer, Weights w) {
        return one(run, layer, w, 1);
    }

    private static SnapshotRecord one(String run, String layer, Weights w, long step) {
        // an id of safe characters, so that the run and layer names are what the rules see
        String id = "id-" + Integer.toHexString((run + "/" + layer).hashCode()) + "-" + step;
        SnapshotRecord valid = chunks(id, step("r", "l", step), LayerPayload.of(w), 1 << 16).get(0);
        return withHeader(valid, h -> h.setSnapshotId(id).setLayerStep(step(run, layer, step)));
    }

    private static SnapshotRecord withHeader(SnapshotRecord r,
            java.util.function.UnaryOperator<SnapshotHeader.Builder> change) {
        return r.toBuilder().setChunk(r.getChunk().toBuilder().setHeader(change.apply(r.getChunk().getHeader()
                .toBuilder()))).build();
    }

    /** A first chunk of {@code dataBytes} zeros for a float32 tensor of {@code shape} declaring {@code total} bytes. */
    private static SnapshotRecord declared(String id, String layer, long total, int chunkCount, int dataBytes,
            long... shape) {
        TensorLayout.Builder t = TensorLayout.newBuilder().setDtype(DType.F32);
        Arrays.stream(shape).forEach(t::addShape);
        SnapshotHeader h = SnapshotHeader.newBuilder().setSnapshotId(id).setLayerStep(step(id.split("-")[0], layer))
                .setTensor(t).setTotalBytes(total).build();
        return SnapshotRecord.newBuilder().setChunk(LayerSnapshotChunk.newBuilder().setHeader(h).setChunkIndex(0)
                .setChunkCount(chunkCount).setData(ByteString.copyFrom(new byte[dataBytes]))).build();
    }

    /** The header's total_bytes (an int64, field 5) sent as a string instead. */
    private static SnapshotRecord withTotalBytesAsText(SnapshotRecord r) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CodedOutputStream out = CodedOutputStream.newInstance(bytes);
        r.getChunk().getHeader().toBuilder().clearTotalBytes().build().writeTo(out);
        out.writeString(5, Long.toString(r.getChunk().getHeader().getTotalBytes()));
        out.flush();
        return r.toBuilder().setChunk(r.getChunk().toBuilder().setHeader(SnapshotHeader.parseFrom(
                bytes.toByteArray()))).build();
    }

    /** The value with the UTF-8 of 'é' (C3 A9) in the layer name replaced by two bytes that are never UTF-8. */
    private static byte[] invalidUtf8(byte[] value) {
        byte[] out = value.clone();
        for (int i = 0; i + 1 < out.length; i++) {
            if (out[i] == (byte) 0xC3 && out[i + 1] == (byte) 0xA9) {
                out[i] = (byte) 0xFF;
                out[i + 1] = (byte) 0xFE;
                return out;
            }
        }
        throw new IllegalStateException("no 'é' in the record");
    }
}
