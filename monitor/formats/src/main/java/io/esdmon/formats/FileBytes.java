package io.esdmon.formats;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/** Positional reads of a file's header bytes. */
final class FileBytes {

    private FileBytes() {
    }

    /** Exactly {@code length} bytes from {@code position}, or a "truncated" error naming {@code what}. */
    static ByteBuffer read(FileChannel channel, long position, int length, String what) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                throw new WeightFormatException("truncated: the file ends inside its " + what);
            }
        }
        return buffer.flip();
    }
}
