package io.esdmon.wire.snapshot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.esdmon.engine.tensor.DType;
import io.esdmon.engine.tensor.LayerKind;
import io.esdmon.engine.tensor.WeightValues;
import io.esdmon.engine.tensor.Weights;
import io.esdmon.proto.DeadLetterReason;
import io.esdmon.proto.LayerSnapshotChunk;
import io.esdmon.proto.LayerStep;
import io.esdmon.proto.SnapshotHeader;
import io.esdmon.proto.SnapshotRecord;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SnapshotAssemblerTest {

    private final AtomicLong clock = new AtomicLong();
    private final SnapshotAssembler<Src> assembler = new SnapshotAssembler<>(
            new SnapshotAssembler.Limits(10_000_000, 20_000_000, Duration.ofSeconds(60)), clock::get);

    /** A record {@code n} of partition {@code partition}, published at {@code timestamp} ms, holding 100 bytes. */
    record Src(int n, String partition, long timestamp) implements ChunkSource {
        Src(int n) {
            this(n, "p0", 0);
        }

        @Override
        public long retainedBytes() {
            return 100;
        }
    }

    static Src src(int n) {
        return new Src(n);
    }

    static List<Integer> numbers(List<Src> sources) {
        return sources.stream().map(Src::n).toList();
    }

    static LayerStep step(String layer) {
        return LayerStep.newBuilder().setRunId("run-1").setStep(7).setLayer(layer).setLayerIndex(0)
                .putTags("batch_size", "32").build();
    }

    static Weights randomDense(String name, int rows, int cols, long seed) {
        Random r = new Random(seed);
        float[] v = new float[rows * cols];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return Weights.dense(name, rows, cols, v);
    }

    static List<LayerSnapshotChunk> chunks(String id, LayerStep step, LayerPayload payload, int chunkBytes) {
        SnapshotHeader h = SnapshotChunker.header(id, step, payload);
        return new SnapshotChunker(chunkBytes).chunk(h, payload).stream().map(SnapshotRecord::getChunk).toList();
    }

    @Test
    void interleavedChunksInAnyOrderGiveBackTheExactWeights() {
        Weights a = randomDense("fc1", 300, 500, 1);
        Weights b = randomDense("fc2", 200, 100, 2);
        List<LayerSnapshotChunk> ca = chunks("a", step("fc1"), LayerPayload.of(a), 64 * 1024);
        List<LayerSnapshotChunk> cb = chunks("b", step("fc2"), LayerPayload.of(b), 64 * 1024);
        assertEquals(10, ca.size()); // 600,000 bytes in 65,536-byte chunks
        List<LayerSnapshotChunk> all = new ArrayList<>(ca);
        all.addAll(cb);
        Collections.shuffle(all, new Random(3));

        List<SnapshotAssembler.Complete<Src>> done = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            if (assembler.accept(all.get(i), src(i)) instanceof SnapshotAssembler.Complete<Src> c) {
                done.add(c);
            }
        }
        assertEquals(2, done.size());
        assertEquals(0, assembler.bytesInFlight());
        assertEquals(0, assembler.pending());
        for (SnapshotAssembler.Complete<Src> c : done) {
            Weights expected = c.snapshot().header().getSnapshotId().equals("a") ? a : b;
            Weights got = c.snapshot().weights();
            assertArrayEquals(expected.shape(), got.shape());
            // WeightValues records compare arrays by identity, so compare the contents
            assertArrayEquals(((WeightValues.F32) expected.values()).data(), ((WeightValues.F32) got.values()).data());
            assertEquals(expected == a ? 10 : 2, c.sources().size());
        }
    }

    @Test
    void halfPrecisionAndSpectraDecode() {
        // float16 1.0 = 0x3C00, -2.0 = 0xC000, 0.5 = 0x3800, 3.0 = 0x4200
        ByteBuffer half = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN)
                .putShort((short) 0x3C00).putShort((short) 0xC000).putShort((short) 0x3800).putShort((short) 0x4200)
                .flip();
        LayerPayload.Tensor t = new LayerPayload.Tensor(new int[] {2, 2}, DType.F16, half);
        var out = assembler.accept(chunks("h", step("h"), t, 3).get(0), src(0));
        assertInstanceOf(SnapshotAssembler.Pending.class, out);
        List<LayerSnapshotChunk> c = chunks("h", step("h"), t, 3);
        assembler.accept(c.get(1), src(1));
        var done = (SnapshotAssembler.Complete<Src>) assembler.accept(c.get(2), src(2));
        Weights w = done.snapshot().weights();
        assertEquals(LayerKind.DENSE, w.kind()); // unspecified kind inferred from the rank
        assertArrayEquals(new float[] {1f, -2f, 0.5f, 3f}, ((WeightValues.F32) w.values()).data());

        double[] evals = {3.5, 0.25, 1e-9, 7};
        var spec = (SnapshotAssembler.Complete<Src>) assembler.accept(
                chunks("s", step("conv"), new LayerPayload.Spectrum(9, 2, 2, evals), 1 << 16).get(0), src(9));
        assertTrue(spec.snapshot().isSpectrum());
        assertArrayEquals(evals, spec.snapshot().evals());
        assertEquals(LayerKind.CONV2D, spec.snapshot().spectrumKind());
    }

    @Test
    void aRepeatedChunkIsIgnoredButItsRecordIsReported() {
        List<LayerSnapshotChunk> c = chunks("r", step("fc"), LayerPayload.of(randomDense("fc", 20, 30, 4)), 1000);
        assertEquals(3, c.size());
        assembler.accept(c.get(0), src(0));
        assembler.accept(c.get(0), src(1));
        assembler.accept(c.get(1), src(2));
        var done = (SnapshotAssembler.Complete<Src>) assembler.accept(c.get(2), src(3));
        assertEquals(List.of(0, 1, 2, 3), numbers(done.sources()));
    }

    @Test
    void aChunkRepeatedAfterItsSnapshotCompletedIsDiscardedUntilItsPartitionIsDropped() {
        List<LayerSnapshotChunk> c = chunks("again", step("fc"), LayerPayload.of(randomDense("fc", 20, 30, 4)), 1000);
        assembler.accept(c.get(0), src(0));
        assembler.accept(c.get(1), src(1));
        assertInstanceOf(SnapshotAssembler.Complete.class, assembler.accept(c.get(2), src(2)));
        var late = assertInstanceOf(SnapshotAssembler.Discarded.class, assembler.accept(c.get(2), src(3)));
        assertEquals(List.of(3), numbers(late.sources()));
        assertTrue(late.detail().contains("already complete"), late.detail());
        assertEquals(0, assembler.pending(), "a repeated chunk does not start a snapshot that never completes");
        assertEquals(0, assembler.bytesInFlight());
        clock.addAndGet(Duration.ofMinutes(10).toNanos());
        assertEquals(List.of(), assembler.expire());

        // the partition moved away and came back: its records are read again and assembled again
        assembler.drop(partition -> partition.equals("p0"));
        assembler.accept(c.get(0), src(0));
        assembler.accept(c.get(1), src(1));
        assertInstanceOf(SnapshotAssembler.Complete.class, assembler.accept(c.get(2), src(2)));
    }

    @Test
    void absurdDeclaredShapesAreRefusedBeforeAnythingIsAllocated() {
        LayerSnapshotChunk small = chunks("s", step("fc"), LayerPayload.of(randomDense("fc", 20, 30, 4)), 100_000)
                .get(0);
        // 10^6 x 10^6 float32, total_bytes consistent: 4 TB declared by a 2.5 KB record
        SnapshotHeader huge = small.getHeader().toBuilder().setSnapshotId("huge")
                .setTensor(small.getHeader().getTensor().toBuilder().clearShape().addShape(1_000_000)
                        .addShape(1_000_000)).setTotalBytes(4_000_000_000_000L).build();
        var tooLarge = assertInstanceOf(SnapshotAssembler.Rejected.class, assembler.accept(small.toBuilder()
                .setHeader(huge).setChunkCount(1_000_000).build(), src(1)));
        assertEquals(DeadLetterReason.TOO_LARGE, tooLarge.reason());
        assertEquals(0, assembler.bytesInFlight());
        // four dimensions of 2^31-1: the element count does not even fit a long
        SnapshotHeader overflow = small.getHeader().toBuilder().setSnapshotId("overflow")
                .setTensor(small.getHeader().getTensor().toBuilder().clearShape().addShape(Integer.MAX_VALUE)
                        .addShape(Integer.MAX_VALUE).addShape(Integer.MAX_VALUE).addShape(Integer.MAX_VALUE)).build();
        var invalid = assertInstanceOf(SnapshotAssembler.Rejected.class, assembler.accept(small.toBuilder()
                .setHeader(overflow).build(), src(2)));
        assertEquals(DeadLetterReason.INVALID_SNAPSHOT, invalid.reason());
        assertTrue(invalid.detail().contains("more than 2^63 bytes"), invalid.detail());
        // the same shape with a small total_bytes: a mismatch, not an allocation
        var mismatch = assertInstanceOf(SnapshotAssembler.Rejected.class, assembler.accept(small.toBuilder()
                .setHeader(huge.toBuilder().setSnapshotId("mismatch").setTotalBytes(2400)).build(), src(3)));
        assertTrue(mismatch.detail().contains("4000000000000 bytes but total_bytes says 2400"), mismatch.detail());
        assertEquals(0, assembler.pending());
    }

    @Test
    void incompleteSnapshotsExpireAndTheirLateChunksAreRefused() {
        List<LayerSnapshotChunk> c = chunks("x", step("fc"), LayerPayload.of(randomDense("fc", 20, 30, 5)), 1000);
        assembler.accept(c.get(0), src(10));
        assembler.accept(c.get(1), src(11));
        clock.addAndGet(Duration.ofSeconds(59).toNanos());
        assertEquals(List.of(), assembler.expire());
        clock.addAndGet(Duration.ofSeconds(2).toNanos());
        List<SnapshotAssembler.Rejected<Src>> expired = assembler.expire();
        assertEquals(1, expired.size());
        assertEquals(DeadLetterReason.INCOMPLETE_SNAPSHOT, expired.get(0).reason());
        assertEquals(List.of(10, 11), numbers(expired.get(0).sources()));
        assertTrue(expired.get(0).detail().contains("2 of 3 chunks"), expired.get(0).detail());
        assertEquals(0, assembler.bytesInFlight());

        var late = assertInstanceOf(SnapshotAssembler.Discarded.class, assembler.accept(c.get(2), src(12)));
        assertEquals(List.of(12), numbers(late.sources()));
        assertEquals(0, assembler.pending(), "a late chunk does not start a new snapshot");
    }

    @Test
    void aSnapshotTooLargeForTheMonitorIsRefusedAtItsFirstChunk() {
        SnapshotAssembler<Src> small = new SnapshotAssembler<>(
                new SnapshotAssembler.Limits(100_000, 150_000, Duration.ofSeconds(60)), clock::get);
        var tooBig = assertInstanceOf(SnapshotAssembler.Rejected.class, small.accept(chunks("big", step("fc"),
                LayerPayload.of(randomDense("fc", 200, 300, 6)), 50_000).get(0), src(1))); // 240,000 bytes
        assertEquals(DeadLetterReason.TOO_LARGE, tooBig.reason());
        assertTrue(tooBig.detail().contains("maxSnapshotBytes"), tooBig.detail());
        assertEquals(0, small.bytesInFlight());
    }

    /**
     * The reservation attack: a first chunk of a few bytes claiming 512 MiB costs what it carries, not
     * what it claims, and a claim no number of chunks could carry is refused.
     */
    @Test
    void aClaimReservesNothingAndMustFitItsChunkCount() {
        SnapshotAssembler<Src> monitor = new SnapshotAssembler<>(
                new SnapshotAssembler.Limits(512L << 20, 1L << 30, Duration.ofMinutes(5)), clock::get);
        long claim = 16384L * 8192 * 4;
        for (int i = 0; i < 2; i++) {
            LayerSnapshotChunk c = claiming("claim-" + i, claim, 683, 16);
            assertInstanceOf(SnapshotAssembler.Pending.class, monitor.accept(c, src(i)));
        }
        assertEquals(2, monitor.pending());
        assertTrue(monitor.bytesInFlight() < 4096, "held for two 512 MiB claims: " + monitor.bytesInFlight());
        // a good snapshot is taken at once
        LayerSnapshotChunk good = chunks("good", step("fc"), LayerPayload.of(randomDense("fc", 128, 256, 20)),
                1 << 19).get(0);
        assertInstanceOf(SnapshotAssembler.Complete.class, monitor.accept(good, src(3)));
        var invalid = assertInstanceOf(SnapshotAssembler.Rejected.class, monitor.accept(claiming("one", claim, 1, 16),
                src(4)));
        assertTrue(invalid.detail().contains("cannot travel in 1 chunks"), invalid.detail());
        // a chunk index near 2^31 allocates nothing
        assertInstanceOf(SnapshotAssembler.Pending.class, monitor.accept(claiming("far", 409_600_000, 100_000_000, 2)
                .toBuilder().setChunkIndex(99_999_999).setOffset(409_599_998).build(), src(5)));
        assertTrue(monitor.bytesInFlight() < 8192, "held: " + monitor.bytesInFlight());
    }

    @Test
    void headersAndRecordsAreCountedWithTheData() {
        LayerStep.Builder tagged = step("fc").toBuilder();
        for (int i = 1; i < SnapshotRules.MAX_TAGS; i++) {
            tagged.putTags(String.format(Locale.ROOT, "%0200d", i), "v".repeat(200));
        }
        List<LayerSnapshotChunk> c = chunks("t", tagged.build(), LayerPayload.of(randomDense("fc", 20, 30, 21)), 1000);
        assembler.accept(c.get(0), src(0));
        long header = c.get(0).getHeader().getSerializedSize();
        assertTrue(header > 25_000, "header bytes " + header);
        assertTrue(assembler.bytesInFlight() >= 2 * header + 1000 + 100, "held " + assembler.bytesInFlight());
        assembler.accept(c.get(1), src(1));
        assembler.accept(c.get(2), src(2));
        assertEquals(0, assembler.bytesInFlight());
    }

    /** A chunk that would exceed the memory cap waits; once a snapshot completes it is taken. */
    @Test
    void aChunkThatDoesNotFitIsDeferredUntilRoomFrees() {
        SnapshotAssembler<Src> small = new SnapshotAssembler<>(
                new SnapshotAssembler.Limits(100_000, 100_000, Duration.ofSeconds(60)), clock::get);
        // a and b: 80,000 bytes each, in chunks of 34,000, 34,000 and 12,000
        List<LayerSnapshotChunk> a = chunks("a", step("a"), LayerPayload.of(randomDense("a", 100, 200, 7)), 34_000);
        List<LayerSnapshotChunk> b = chunks("b", step("b"), LayerPayload.of(randomDense("b", 100, 200, 8)), 34_000);
        assertInstanceOf(SnapshotAssembler.Pending.class, small.accept(a.get(0), src(0)));
        assertInstanceOf(SnapshotAssembler.Pending.class, small.accept(b.get(0), src(1)));
        var waits = assertInstanceOf(SnapshotAssembler.Deferred.class, small.accept(b.get(1), src(2)));
        assertTrue(waits.why().contains("maxBytesInFlight"), waits.why());
        assertEquals(2, small.pending(), "nothing was taken or dropped");
        assertTrue(small.bytesInFlight() <= 100_000, "held " + small.bytesInFlight());
        // the oldest snapshot may always finish, over the cap by at most itself; that frees its memory
        assertInstanceOf(SnapshotAssembler.Pending.class, small.accept(a.get(1), src(3)));
        assertTrue(small.bytesInFlight() <= 100_000 + 80_000, "held " + small.bytesInFlight());
        assertInstanceOf(SnapshotAssembler.Complete.class, small.accept(a.get(2), src(4)));
        assertInstanceOf(SnapshotAssembler.Pending.class, small.accept(b.get(1), src(2)));
        assertInstanceOf(SnapshotAssembler.Complete.class, small.accept(b.get(2), src(5)));
        assertEquals(0, small.bytesInFlight());
    }

    /** The number of incomplete snapshots is bounded per partition and in all; single-chunk ones pass. */
    @Test
    void incompleteSnapshotsAreCountedPerPartitionAndInAll() {
        SnapshotAssembler<Src> counted = counted(3, 2);
        LayerPayload p = LayerPayload.of(randomDense("fc", 20, 30, 22));
        assertInstanceOf(SnapshotAssembler.Pending.class, counted.accept(first("a", p), new Src(0, "p0", 0)));
        assertInstanceOf(SnapshotAssembler.Pending.class, counted.accept(first("b", p), new Src(1, "p0", 0)));
        var perPartition = assertInstanceOf(SnapshotAssembler.Deferred.class, counted.accept(first("c", p),
                new Src(2, "p0", 0)));
        assertTrue(perPartition.why().contains("maxIncompletePerPartition"), perPartition.why());
        assertInstanceOf(SnapshotAssembler.Pending.class, counted.accept(first("d", p), new Src(3, "p1", 0)));
        var total = assertInstanceOf(SnapshotAssembler.Deferred.class, counted.accept(first("e", p),
                new Src(4, "p2", 0)));
        assertTrue(total.why().contains("maxIncomplete"), total.why());
        assertInstanceOf(SnapshotAssembler.Complete.class, counted.accept(chunks("f", step("f"), p, 1 << 16).get(0),
                new Src(5, "p2", 0)));
        assertEquals(3, counted.pending());
    }

    /**
     * Room is made by giving up the snapshot silent longest: at once when every incomplete snapshot is
     * in a blocked partition (its chunks cannot come), else only one silent for the stall timeout; a
     * snapshot whose own chunk waits is kept.
     */
    @Test
    void evictionGivesUpTheSilentSnapshotAndKeepsTheOneWhoseChunkWaits() {
        SnapshotAssembler<Src> counted = counted(2, 2);
        LayerPayload p = LayerPayload.of(randomDense("fc", 20, 30, 23));
        counted.accept(first("a", p), new Src(0, "p0", 0));
        clock.addAndGet(Duration.ofSeconds(1).toNanos());
        counted.accept(first("b", p), new Src(1, "p1", 0));
        assertInstanceOf(SnapshotAssembler.Deferred.class, counted.accept(first("c", p), new Src(2, "p0", 0)));
        assertEquals(List.of(), counted.evict(partition -> partition.equals("p0")), "b's partition still flows");
        clock.addAndGet(Duration.ofSeconds(30).toNanos());
        List<SnapshotAssembler.Rejected<Src>> silent = counted.evict(partition -> partition.equals("p0"));
        assertEquals(1, silent.size());
        assertEquals("a", silent.get(0).header().getSnapshotId(), "the one silent longest");
        assertEquals(DeadLetterReason.INCOMPLETE_SNAPSHOT, silent.get(0).reason());
        assertTrue(silent.get(0).detail().contains("stopped arriving"), silent.get(0).detail());

        assertInstanceOf(SnapshotAssembler.Pending.class, counted.accept(first("c", p), new Src(2, "p0", 0)));
        // two held, their partition blocked: one is given up at once, not y, whose chunk waits
        SnapshotAssembler<Src> tight = new SnapshotAssembler<>(new SnapshotAssembler.Limits(10_000, 10_000,
                Duration.ofMinutes(5)), clock::get);
        LayerPayload q = LayerPayload.of(randomDense("fc", 40, 50, 25)); // 8,000 bytes: 3 chunks each
        List<LayerSnapshotChunk> x = chunks("x", step("x"), q, 3000);
        List<LayerSnapshotChunk> y = chunks("y", step("y"), q, 3000);
        tight.accept(x.get(0), new Src(0, "p0", 0));
        tight.accept(y.get(0), new Src(1, "p0", 0));
        assertInstanceOf(SnapshotAssembler.Deferred.class, tight.accept(y.get(1), new Src(2, "p0", 0)));
        List<SnapshotAssembler.Rejected<Src>> stuck = tight.evict(partition -> true);
        assertEquals(List.of("x"), stuck.stream().map(r -> r.header().getSnapshotId()).toList());
        assertEquals(DeadLetterReason.INCOMPLETE_SNAPSHOT, stuck.get(0).reason());
        assertTrue(stuck.get(0).detail().contains("--max-in-flight-mib"), stuck.get(0).detail());
        assertInstanceOf(SnapshotAssembler.Pending.class, tight.accept(y.get(1), new Src(2, "p0", 0)));
        assertInstanceOf(SnapshotAssembler.Complete.class, tight.accept(y.get(2), new Src(3, "p0", 0)));
    }

    /**
     * A snapshot whose partition went on to records published, and taken, the stall timeout later is
     * given up early; records taken at once despite a later timestamp (a clock that is off), or taken
     * late but published at once (the consumer was paused), are not enough.
     */
    @Test
    void aSnapshotWhoseChunksStoppedWhileItsPartitionWentOnExpiresEarly() {
        SnapshotAssembler<Src> a = counted(10, 10); // a 5-minute timeout, a 30 s stall timeout
        LayerPayload p = LayerPayload.of(randomDense("fc", 20, 30, 24));
        a.accept(first("stopped", p), new Src(0, "p0", 1_000));
        a.accept(first("paused", p), new Src(1, "p1", 1_000));
        a.accept(chunks("skewed", step("c"), p, 1 << 16).get(0), new Src(2, "p0", 90_000));
        assertEquals(List.of(), a.expire(), "taken at once: a publisher's clock ahead");
        clock.addAndGet(Duration.ofSeconds(31).toNanos());
        a.accept(chunks("late", step("d"), p, 1 << 16).get(0), new Src(3, "p1", 1_500));
        assertEquals(List.of(), a.expire(), "taken late but published at once: the consumer was paused");
        a.accept(chunks("next", step("e"), p, 1 << 16).get(0), new Src(4, "p0", 32_000));
        List<SnapshotAssembler.Rejected<Src>> expired = a.expire();
        assertEquals(List.of("stopped"), expired.stream().map(r -> r.header().getSnapshotId()).toList());
        assertTrue(expired.get(0).detail().contains("89 s after its last chunk"), expired.get(0).detail());
    }

    /** An assembler with room for {@code total} incomplete snapshots, {@code perPartition} per partition. */
    private SnapshotAssembler<Src> counted(int total, int perPartition) {
        return new SnapshotAssembler<>(new SnapshotAssembler.Limits(10_000_000, 20_000_000, Duration.ofMinutes(5))
                .withCounts(total, perPartition, Duration.ofSeconds(30)), clock::get);
    }

    /** The first of the 1000-byte chunks of snapshot {@code id} of {@code p}, layer {@code id}. */
    private static LayerSnapshotChunk first(String id, LayerPayload p) {
        return chunks(id, step(id), p, 1000).get(0);
    }

    private static LayerSnapshotChunk claiming(String id, long totalBytes, int chunkCount, int dataBytes) {
        long elements = totalBytes / 4;
        SnapshotHeader h = SnapshotHeader.newBuilder().setSnapshotId(id).setLayerStep(step("big"))
                .setTensor(io.esdmon.proto.TensorLayout.newBuilder().setDtype(io.esdmon.proto.DType.F32)
                        .addShape(elements / 1024).addShape(1024)).setTotalBytes(totalBytes).build();
        return LayerSnapshotChunk.newBuilder().setHeader(h).setChunkIndex(0).setChunkCount(chunkCount)
                .setData(ByteString.copyFrom(new byte[dataBytes])).build();
    }

    @Test
    void chunksThatDisagreeOrAreCorruptedAreRejectedWithAllTheirRecords() {
        List<LayerSnapshotChunk> c = chunks("d", step("fc"), LayerPayload.of(randomDense("fc", 20, 30, 9)), 1000);
        assembler.accept(c.get(0), src(0));
        LayerSnapshotChunk other = c.get(1).toBuilder()
                .setHeader(c.get(1).getHeader().toBuilder().setLayerStep(step("fc").toBuilder().setStep(8))).build();
        var r = assertInstanceOf(SnapshotAssembler.Rejected.class, assembler.accept(other, src(1)));
        assertEquals(List.of(0, 1), numbers(r.sources()));
        assertTrue(r.detail().contains("disagrees"), r.detail());

        List<LayerSnapshotChunk> e = chunks("e", step("fc"), LayerPayload.of(randomDense("fc", 20, 30, 10)), 1000);
        byte[] flipped = e.get(1).getData().toByteArray();
        flipped[17] ^= 1;
        assembler.accept(e.get(0), src(0));
        assembler.accept(e.get(1).toBuilder().setData(ByteString.copyFrom(flipped)).build(), src(1));
        var crc = assertInstanceOf(SnapshotAssembler.Rejected.class, assembler.accept(e.get(2), src(2)));
        assertTrue(crc.detail().contains("CRC-32"), crc.detail());
        assertEquals(3, crc.sources().size());
    }

    @Test
    void headersThatBreakTheRulesAreRefusedWithTheField() {
        SnapshotHeader good = SnapshotChunker.header("g", step("fc"), LayerPayload.of(randomDense("fc", 4, 5, 11)));
        assertThrows(InvalidSnapshotException.class, () -> SnapshotRules.check(good.toBuilder().setTotalBytes(79)
                .build()));
        InvalidSnapshotException dtype = assertThrows(InvalidSnapshotException.class, () -> SnapshotRules.check(
                good.toBuilder().setTensor(good.getTensor().toBuilder().setDtype(io.esdmon.proto.DType.DTYPE_UNSPECIFIED))
                        .build()));
        assertTrue(dtype.getMessage().contains("dtype"), dtype.getMessage());
        InvalidSnapshotException run = assertThrows(InvalidSnapshotException.class, () -> SnapshotRules.check(
                good.toBuilder().setLayerStep(good.getLayerStep().toBuilder().setRunId("a/b")).build()));
        assertTrue(run.getMessage().contains("'/'"), run.getMessage());
        assertThrows(InvalidSnapshotException.class, () -> SnapshotRules.check(good.toBuilder().clearTensor().build()));
        assertThrows(InvalidSnapshotException.class, () -> SnapshotRules.check(good.toBuilder()
                .setTensor(good.getTensor().toBuilder().addShape(1)).build())); // 3-D
    }

    @Test
    void everyRecordFitsTheDefaultOneMegabyteLimitEvenWithTheLargestHeader() {
        LayerStep.Builder big = step("x".repeat(SnapshotRules.MAX_LAYER_NAME_BYTES)).toBuilder()
                .setRunId("r".repeat(SnapshotRules.MAX_SHORT_TEXT_BYTES));
        for (int i = 0; i < SnapshotRules.MAX_TAGS; i++) {
            big.putTags(String.format(Locale.ROOT, "%0256d", i), "v".repeat(SnapshotRules.MAX_SHORT_TEXT_BYTES));
        }
        big.removeTags("batch_size");
        LayerPayload p = LayerPayload.of(randomDense("w", 1024, 1024, 12)); // 4 MiB
        SnapshotHeader h = SnapshotChunker.header("0".repeat(SnapshotRules.MAX_SHORT_TEXT_BYTES), big.build(), p);
        List<SnapshotRecord> records = new SnapshotChunker().chunk(h, p);
        assertEquals(6, records.size());
        int largest = records.stream().mapToInt(SnapshotRecord::getSerializedSize).max().orElseThrow();
        // Kafka's record overhead is under 100 bytes; the default max.request.size is 1,048,576
        assertTrue(largest < 1_048_576 - 1024, "largest record " + largest + " bytes");
    }
}
