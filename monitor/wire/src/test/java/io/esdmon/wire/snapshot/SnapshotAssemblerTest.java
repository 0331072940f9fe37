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
    private final SnapshotAssembler<Integer> assembler = new SnapshotAssembler<>(
            new SnapshotAssembler.Limits(10_000_000, 20_000_000, Duration.ofSeconds(60)), clock::get);

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

        List<SnapshotAssembler.Complete<Integer>> done = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            if (assembler.accept(all.get(i), i) instanceof SnapshotAssembler.Complete<Integer> c) {
                done.add(c);
            }
        }
        assertEquals(2, done.size());
        assertEquals(0, assembler.bytesInFlight());
        assertEquals(0, assembler.pending());
        for (SnapshotAssembler.Complete<Integer> c : done) {
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
        var out = assembler.accept(chunks("h", step("h"), t, 3).get(0), 0);
        assertInstanceOf(SnapshotAssembler.Pending.class, out);
        List<LayerSnapshotChunk> c = chunks("h", step("h"), t, 3);
        assembler.accept(c.get(1), 1);
        var done = (SnapshotAssembler.Complete<Integer>) assembler.accept(c.get(2), 2);
        Weights w = done.snapshot().weights();
        assertEquals(LayerKind.DENSE, w.kind()); // unspecified kind inferred from the rank
        assertArrayEquals(new float[] {1f, -2f, 0.5f, 3f}, ((WeightValues.F32) w.values()).data());

        double[] evals = {3.5, 0.25, 1e-9, 7};
        var spec = (SnapshotAssembler.Complete<Integer>) assembler.accept(
                chunks("s", step("conv"), new LayerPayload.Spectrum(9, 2, 2, evals), 1 << 16).get(0), 9);
        assertTrue(spec.snapshot().isSpectrum());
        assertArrayEquals(evals, spec.snapshot().evals());
        assertEquals(LayerKind.CONV2D, spec.snapshot().spectrumKind());
    }

    @Test
    void aRepeatedChunkIsIgnoredButItsRecordIsReported() {
        List<LayerSnapshotChunk> c = chunks("r", step("fc"), LayerPayload.of(randomDense("fc", 20, 30, 4)), 1000);
        assertEquals(3, c.size());
        assembler.accept(c.get(0), 0);
        assembler.accept(c.get(0), 1);
        assembler.accept(c.get(1), 2);
        var done = (SnapshotAssembler.Complete<Integer>) assembler.accept(c.get(2), 3);
        assertEquals(List.of(0, 1, 2, 3), done.sources());
    }

    @Test
    void aChunkRepeatedAfterItsSnapshotCompletedIsDiscardedUntilItsPartitionIsDropped() {
        List<LayerSnapshotChunk> c = chunks("again", step("fc"), LayerPayload.of(randomDense("fc", 20, 30, 4)), 1000);
        assembler.accept(c.get(0), 0);
        assembler.accept(c.get(1), 1);
        assertInstanceOf(SnapshotAssembler.Complete.class, assembler.accept(c.get(2), 2));
        var late = assertInstanceOf(SnapshotAssembler.Discarded.class, assembler.accept(c.get(2), 3));
        assertEquals(List.of(3), late.sources());
        assertTrue(late.detail().contains("already complete"), late.detail());
        assertEquals(0, assembler.pending(), "a repeated chunk does not start a snapshot that never completes");
        assertEquals(0, assembler.bytesInFlight());
        clock.addAndGet(Duration.ofMinutes(10).toNanos());
        assertEquals(List.of(), assembler.expire());

        // the partition moved away and came back: its records are read again and assembled again
        assembler.drop(source -> source < 10);
        assembler.accept(c.get(0), 0);
        assembler.accept(c.get(1), 1);
        assertInstanceOf(SnapshotAssembler.Complete.class, assembler.accept(c.get(2), 2));
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
                .setHeader(huge).setChunkCount(1_000_000).build(), 1));
        assertEquals(DeadLetterReason.TOO_LARGE, tooLarge.reason());
        assertEquals(0, assembler.bytesInFlight());
        // four dimensions of 2^31-1: the element count does not even fit a long
        SnapshotHeader overflow = small.getHeader().toBuilder().setSnapshotId("overflow")
                .setTensor(small.getHeader().getTensor().toBuilder().clearShape().addShape(Integer.MAX_VALUE)
                        .addShape(Integer.MAX_VALUE).addShape(Integer.MAX_VALUE).addShape(Integer.MAX_VALUE)).build();
        var invalid = assertInstanceOf(SnapshotAssembler.Rejected.class, assembler.accept(small.toBuilder()
                .setHeader(overflow).build(), 2));
        assertEquals(DeadLetterReason.INVALID_SNAPSHOT, invalid.reason());
        assertTrue(invalid.detail().contains("more than 2^63 bytes"), invalid.detail());
        // the same shape with a small total_bytes: a mismatch, not an allocation
        var mismatch = assertInstanceOf(SnapshotAssembler.Rejected.class, assembler.accept(small.toBuilder()
                .setHeader(huge.toBuilder().setSnapshotId("mismatch").setTotalBytes(2400)).build(), 3));
        assertTrue(mismatch.detail().contains("4000000000000 bytes but total_bytes says 2400"), mismatch.detail());
        assertEquals(0, assembler.pending());
    }

    @Test
    void incompleteSnapshotsExpireAndTheirLateChunksAreRefused() {
        List<LayerSnapshotChunk> c = chunks("x", step("fc"), LayerPayload.of(randomDense("fc", 20, 30, 5)), 1000);
        assembler.accept(c.get(0), 10);
        assembler.accept(c.get(1), 11);
        clock.addAndGet(Duration.ofSeconds(59).toNanos());
        assertEquals(List.of(), assembler.expire());
        clock.addAndGet(Duration.ofSeconds(2).toNanos());
        List<SnapshotAssembler.Rejected<Integer>> expired = assembler.expire();
        assertEquals(1, expired.size());
        assertEquals(DeadLetterReason.INCOMPLETE_SNAPSHOT, expired.get(0).reason());
        assertEquals(List.of(10, 11), expired.get(0).sources());
        assertTrue(expired.get(0).detail().contains("2 of 3 chunks"), expired.get(0).detail());
        assertEquals(0, assembler.bytesInFlight());

        var late = assertInstanceOf(SnapshotAssembler.Discarded.class, assembler.accept(c.get(2), 12));
        assertEquals(List.of(12), late.sources());
        assertEquals(0, assembler.pending(), "a late chunk does not start a new snapshot");
    }

    @Test
    void sizeLimitsAreEnforcedAtTheFirstChunk() {
        SnapshotAssembler<Integer> small = new SnapshotAssembler<>(
                new SnapshotAssembler.Limits(100_000, 150_000, Duration.ofSeconds(60)), clock::get);
        // 240,000 bytes: over the per-snapshot cap
        var tooBig = assertInstanceOf(SnapshotAssembler.Rejected.class,
                small.accept(chunks("big", step("fc"), LayerPayload.of(randomDense("fc", 200, 300, 6)), 50_000)
                        .get(0), 1));
        assertEquals(DeadLetterReason.TOO_LARGE, tooBig.reason());
        assertTrue(tooBig.detail().contains("maxSnapshotBytes"), tooBig.detail());
        // two 80,000-byte snapshots: the second would exceed 150,000 bytes in flight
        small.accept(chunks("p", step("a"), LayerPayload.of(randomDense("a", 100, 200, 7)), 50_000).get(0), 2);
        assertEquals(80_000, small.bytesInFlight());
        var over = assertInstanceOf(SnapshotAssembler.Rejected.class,
                small.accept(chunks("q", step("b"), LayerPayload.of(randomDense("b", 100, 200, 8)), 50_000).get(0), 3));
        assertTrue(over.detail().contains("maxBytesInFlight"), over.detail());
        assertEquals(80_000, small.bytesInFlight());
        assertEquals(1, small.drop(source -> source == 2));
        assertEquals(0, small.bytesInFlight());
    }

    @Test
    void chunksThatDisagreeOrAreCorruptedAreRejectedWithAllTheirRecords() {
        List<LayerSnapshotChunk> c = chunks("d", step("fc"), LayerPayload.of(randomDense("fc", 20, 30, 9)), 1000);
        assembler.accept(c.get(0), 0);
        LayerSnapshotChunk other = c.get(1).toBuilder()
                .setHeader(c.get(1).getHeader().toBuilder().setLayerStep(step("fc").toBuilder().setStep(8))).build();
        var r = assertInstanceOf(SnapshotAssembler.Rejected.class, assembler.accept(other, 1));
        assertEquals(List.of(0, 1), r.sources());
        assertTrue(r.detail().contains("disagrees"), r.detail());

        List<LayerSnapshotChunk> e = chunks("e", step("fc"), LayerPayload.of(randomDense("fc", 20, 30, 10)), 1000);
        byte[] flipped = e.get(1).getData().toByteArray();
        flipped[17] ^= 1;
        assembler.accept(e.get(0), 0);
        assembler.accept(e.get(1).toBuilder().setData(ByteString.copyFrom(flipped)).build(), 1);
        var crc = assertInstanceOf(SnapshotAssembler.Rejected.class, assembler.accept(e.get(2), 2));
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
