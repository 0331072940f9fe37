package io.esdmon.formats;

import io.esdmon.engine.tensor.DType;
import io.esdmon.engine.tensor.WeightValues;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;

/**
 * Streams a tensor's elements from its file through a fixed-size buffer, so only the decoded
 * array itself has to fit in memory, never the file.
 */
final class ElementReader {

    /** Bytes read per step; a multiple of every element size. */
    private static final int CHUNK_BYTES = 1 << 22;

    private ElementReader() {
    }

    static WeightValues read(LayerTensor tensor) throws IOException {
        LayerTensor.Storage storage = tensor.storage();
        DType dtype = tensor.elementType();
        int count = tensor.count();
        long bytes = (long) count * dtype.bytes();
        try (FileChannel channel = FileChannel.open(tensor.file(), StandardOpenOption.READ)) {
            long available = channel.size() - storage.offset();
            if (available < bytes) {
                throw new WeightFormatException("tensor '" + tensor.name() + "' needs " + bytes + " bytes at offset "
                        + storage.offset() + " but the file ends after " + Math.max(0, available)
                        + "; the file is truncated or was changed while being read");
            }
            WeightValues values = dtype == DType.F64 ? readF64(channel, storage, count) : readF32(channel, storage,
                    dtype, count);
            return storage.fortranOrder() ? FortranOrder.toRowMajor(values, tensor.dims()) : values;
        }
    }

    private static WeightValues readF64(FileChannel channel, LayerTensor.Storage storage, int count)
            throws IOException {
        double[] out = new double[count];
        Chunks chunks = new Chunks(channel, storage.offset(), storage.order(), count, DType.F64.bytes());
        for (ByteBuffer chunk; (chunk = chunks.next()) != null; ) {
            chunk.asDoubleBuffer().get(out, chunks.firstElement(), chunk.remaining() / Double.BYTES);
        }
        return new WeightValues.F64(out);
    }

    private static WeightValues readF32(FileChannel channel, LayerTensor.Storage storage, DType dtype, int count)
            throws IOException {
        float[] out = new float[count];
        Chunks chunks = new Chunks(channel, storage.offset(), storage.order(), count, dtype.bytes());
        for (ByteBuffer chunk; (chunk = chunks.next()) != null; ) {
            int first = chunks.firstElement();
            if (dtype == DType.F32) {
                chunk.asFloatBuffer().get(out, first, chunk.remaining() / Float.BYTES);
            } else {
                HalfDecoding.widen(dtype, chunk, out, first);
            }
        }
        return new WeightValues.F32(out);
    }

    /** Successive buffers of whole elements, read with positional reads. */
    private static final class Chunks {
        private final FileChannel channel;
        private final ByteBuffer buffer;
        private final int elementBytes;
        private final long end;
        private long position;
        private int firstElement;
        private int nextElement;

        Chunks(FileChannel channel, long offset, ByteOrder order, int count, int elementBytes) {
            this.channel = channel;
            this.elementBytes = elementBytes;
            this.position = offset;
            this.end = offset + (long) count * elementBytes;
            this.buffer = ByteBuffer.allocate((int) Math.min(CHUNK_BYTES, Math.max(end - offset, 1))).order(order);
        }

        /** The next chunk, positioned at its first byte and in the file's byte order; null at the end. */
        ByteBuffer next() throws IOException {
            if (position >= end) {
                return null;
            }
            buffer.clear();
            buffer.limit((int) Math.min(buffer.capacity(), end - position));
            while (buffer.hasRemaining()) {
                int n = channel.read(buffer, position + buffer.position());
                if (n < 0) {
                    throw new WeightFormatException("unexpected end of file at byte " + (position + buffer.position())
                            + "; the file is truncated or was changed while being read");
                }
            }
            buffer.flip();
            position += buffer.remaining();
            firstElement = nextElement;
            nextElement += buffer.remaining() / elementBytes;
            return buffer;
        }

        /** Index of the first element of the chunk last returned. */
        int firstElement() {
            return firstElement;
        }
    }
}
