package io.esdmon.pipeline;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;

/**
 * Passes event bus bodies by reference inside one JVM: the monitor's messages (snapshots of many
 * megabytes, protobuf records) are immutable and never leave the process.
 */
public final class LocalCodec<T> implements MessageCodec<T, T> {

    private final String name;

    private LocalCodec(Class<T> type) {
        this.name = "esdmon-local-" + type.getName();
    }

    /** Registers a by-reference codec for each type as its default; types already registered are skipped. */
    public static void register(Vertx vertx, Class<?>... types) {
        for (Class<?> type : types) {
            registerOne(vertx, type);
        }
    }

    private static <T> void registerOne(Vertx vertx, Class<T> type) {
        try {
            vertx.eventBus().registerDefaultCodec(type, new LocalCodec<>(type));
        } catch (IllegalStateException alreadyRegistered) {
            // a second monitor on the same Vert.x instance shares the first one's codecs
        }
    }

    @Override
    public void encodeToWire(Buffer buffer, T body) {
        throw new UnsupportedOperationException(name + " is local only: the monitor's event bus is not clustered");
    }

    @Override
    public T decodeFromWire(int pos, Buffer buffer) {
        throw new UnsupportedOperationException(name + " is local only: the monitor's event bus is not clustered");
    }

    @Override
    public T transform(T body) {
        return body;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public byte systemCodecID() {
        return -1;
    }
}
