package io.esdmon.dashboard.http;

import io.esdmon.dashboard.events.DashboardEvent;
import io.esdmon.dashboard.events.EventLog;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The Server-Sent Events endpoint. Each connection is a cursor over the {@link EventLog}: it starts
 * after the id the client names ({@code Last-Event-ID} header on a reconnect, {@code ?since=} on a
 * first connect with the {@code eventId} of a REST answer; otherwise only new events), and is
 * pumped from the log whenever events are appended or the connection drains. A client too slow
 * or too far behind for the replay buffer gets a {@code reload} event and the connection ends.
 * Status changes go to every client as {@code status} events without an id, so they never disturb
 * the resume position. At most {@code maxStreams} are open at once; one more is answered 503 with
 * {@code Retry-After} (EventSource retries on its own). All writes happen on the connection's event
 * loop; the log is only copied from.
 */
public final class LiveStreams implements AutoCloseable {

    /** Events written per pump before yielding the event loop. */
    private static final int BATCH = 256;
    private static final long KEEPALIVE_MS = 15_000;
    /** Browsers reconnect this long after a dropped stream. */
    static final int RETRY_MS = 1000;
    /** A client refused for the stream cap is asked to wait this long. */
    static final int RETRY_AFTER_S = 10;

    private final Vertx vertx;
    private final EventLog log;
    private final Supplier<JsonObject> status;
    private final Set<Stream> streams = ConcurrentHashMap.newKeySet();
    private final AtomicInteger admitted = new AtomicInteger();
    private final int maxStreams;
    private final long keepalive;

    public LiveStreams(Vertx vertx, EventLog log, Supplier<JsonObject> status, int maxStreams) {
        this.vertx = vertx;
        this.log = log;
        this.status = status;
        this.maxStreams = maxStreams;
        log.onAppend(this::eventsAppended);
        keepalive = vertx.setPeriodic(KEEPALIVE_MS, id -> streams.forEach(s -> s.context.runOnContext(v -> s.ping())));
    }

    /** Number of open streams. */
    public int size() {
        return streams.size();
    }

    /** Handles {@code GET /api/events}. */
    public void handle(RoutingContext ctx) {
        HttpServerResponse res = ctx.response();
        if (admitted.incrementAndGet() > maxStreams) {
            admitted.decrementAndGet();
            res.setStatusCode(503).putHeader("Retry-After", Integer.toString(RETRY_AFTER_S))
                    .putHeader("Content-Type", MediaTypes.JSON).end(new JsonObject().put("error", maxStreams
                            + " live streams are open, the most this server keeps (--http-max-streams); close a tab"
                            + " or retry later").encode());
            return;
        }
        AtomicBoolean released = new AtomicBoolean();
        Runnable release = () -> {
            if (released.compareAndSet(false, true)) {
                admitted.decrementAndGet();
            }
        };
        res.endHandler(v -> release.run());
        res.setChunked(true).putHeader("Content-Type", MediaTypes.EVENT_STREAM)
                .putHeader("Cache-Control", "no-cache").putHeader("Content-Encoding", "identity")
                .putHeader("X-Accel-Buffering", "no");
        Stream s = new Stream(res, vertx.getOrCreateContext());
        String resume = ctx.request().getHeader("Last-Event-ID");
        if (resume == null || resume.isBlank()) {
            resume = ctx.request().getParam("since");
        }
        res.write("retry: " + RETRY_MS + "\n\n");
        s.writeStatus(status.get());
        try {
            s.cursor = resume == null || resume.isBlank() ? log.lastId() : log.resumeAfter(resume.trim());
            log.after(s.cursor, 0); // checks that the position is still in the buffer
        } catch (EventLog.GapException e) {
            s.reload(e.getMessage());
            return;
        }
        streams.add(s);
        res.closeHandler(v -> {
            streams.remove(s);
            release.run();
        });
        res.exceptionHandler(e -> streams.remove(s));
        s.pump();
    }

    /** Sends a status event to every client (from any thread). */
    public void broadcastStatus(JsonObject statusJson) {
        streams.forEach(s -> s.context.runOnContext(v -> s.writeStatus(statusJson)));
    }

    private void eventsAppended() {
        for (Stream s : streams) {
            if (s.scheduled.compareAndSet(false, true)) {
                s.context.runOnContext(v -> {
                    s.scheduled.set(false);
                    s.pump();
                });
            }
        }
    }

    @Override
    public void close() {
        vertx.cancelTimer(keepalive);
        streams.forEach(s -> s.context.runOnContext(v -> s.res.end()));
        streams.clear();
    }

    /** One client's connection and its position in the log. Touched only on its context. */
    private final class Stream {
        final HttpServerResponse res;
        final Context context;
        final AtomicBoolean scheduled = new AtomicBoolean();
        long cursor;
        boolean waitingForDrain;

        Stream(HttpServerResponse res, Context context) {
            this.res = res;
            this.context = context;
        }

        void pump() {
            if (waitingForDrain || !streams.contains(this)) {
                return;
            }
            while (true) {
                if (res.writeQueueFull()) {
                    waitingForDrain = true;
                    res.drainHandler(v -> {
                        waitingForDrain = false;
                        pump();
                    });
                    return;
                }
                List<DashboardEvent> batch;
                try {
                    batch = log.after(cursor, BATCH);
                } catch (EventLog.GapException e) {
                    reload(e.getMessage());
                    return;
                }
                if (batch.isEmpty()) {
                    return;
                }
                StringBuilder out = new StringBuilder(batch.size() * 256);
                batch.forEach(e -> out.append(e.toSse()));
                res.write(Buffer.buffer(out.toString()));
                cursor = batch.get(batch.size() - 1).id();
                if (batch.size() < BATCH) {
                    return;
                }
            }
        }

        void writeStatus(JsonObject s) {
            if (!res.ended()) {
                res.write("event: status\ndata: " + s.encode() + "\n\n");
            }
        }

        void ping() {
            if (!res.ended() && !res.writeQueueFull()) {
                res.write(": keepalive\n\n");
            }
        }

        void reload(String why) {
            streams.remove(this);
            res.end("event: reload\ndata: " + new JsonObject().put("reason", why).encode() + "\n\n");
        }
    }
}
