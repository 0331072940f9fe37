package io.esdmon.dashboard.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.esdmon.dashboard.Records;
import io.esdmon.dashboard.store.HistoryStore;
import io.esdmon.dashboard.store.RecordPosition;
import io.esdmon.dashboard.store.StoreBounds;
import io.esdmon.phases.Phase;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The SSE endpoint: ids, resume with Last-Event-ID or ?since=, no gaps, no duplicates, reload when too
 * old, at most maxStreams at once.
 */
class LiveStreamsTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private TestServer server;
    private long step;

    private void start(StoreBounds bounds) throws Exception {
        server = new TestServer(bounds, null);
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    private void publish(int n) {
        HistoryStore store = server.dashboard.store();
        for (int i = 0; i < n; i++) {
            store.addAnalysis(Records.analysis("r", "fc", 0, step++, Phase.RANDOM_LIKE, 7), RecordPosition.local(0));
        }
    }

    private static long seq(SseClient.Event e) {
        return Long.parseLong(e.id().substring(e.id().lastIndexOf('-') + 1));
    }

    private static void assertConsecutive(long first, List<SseClient.Event> events) {
        for (int i = 0; i < events.size(); i++) {
            assertEquals(first + i, seq(events.get(i)), "event " + i + " of " + events.size());
            assertEquals(first + i, new JsonObject(events.get(i).data()).getLong("step") + 1,
                    "the payload matches the id");
        }
    }

    /** At most maxStreams streams are open; one more is told to come back later, and a closed one frees its place. */
    @Test
    void streamsBeyondTheCapAreAnswered503UntilOneCloses() throws Exception {
        server = new TestServer(TestServer.config().withMaxStreams(2), null);
        try (SseClient a = server.events("", Map.of()); SseClient b = server.events("", Map.of())) {
            assertEquals(200, a.status);
            assertEquals(200, b.status);
            var refused = server.get("/api/events");
            assertEquals(503, refused.statusCode());
            assertEquals("10", refused.headers().firstValue("Retry-After").orElse(""));
            assertTrue(refused.body().contains("2 live streams are open"), refused.body());
            a.close();
            long deadline = System.nanoTime() + WAIT.toNanos();
            int status = 503;
            while (status == 503 && System.nanoTime() < deadline) {
                Thread.sleep(50);
                try (SseClient c = server.events("", Map.of())) {
                    status = c.status;
                }
            }
            assertEquals(200, status, "a place freed by a closed stream is taken again");
        }
    }

    @Test
    void aNewClientGetsStatusThenOnlyNewEventsInOrder() throws Exception {
        start(StoreBounds.DEFAULT);
        publish(3);
        try (SseClient c = server.events("", Map.of())) {
            assertEquals(200, c.status);
            JsonObject status = new JsonObject(c.next(WAIT, "status").data());
            assertEquals("connecting", status.getString("condition"));
            publish(5);
            assertConsecutive(4, c.take(5, WAIT, "analysis"));
        }
    }

    @Test
    void resumingWithLastEventIdGivesExactlyTheMissedEvents() throws Exception {
        start(StoreBounds.DEFAULT);
        String lastSeen;
        try (SseClient c = server.events("?since=" + server.dashboard.store().events().sseId(0), Map.of())) {
            publish(6);
            List<SseClient.Event> first = c.take(6, WAIT, "analysis");
            assertConsecutive(1, first);
            lastSeen = first.get(3).id(); // the client "saw" 4 of them when the connection dropped
        }
        publish(5);
        try (SseClient c = server.events("?since=" + server.dashboard.store().events().sseId(0),
                Map.of("Last-Event-ID", lastSeen))) {
            List<SseClient.Event> rest = c.take(7, WAIT, "analysis");
            assertConsecutive(5, rest);
            publish(2);
            assertConsecutive(12, c.take(2, WAIT, "analysis"));
            assertTrue(c.drain(Duration.ofMillis(300), "analysis").isEmpty(), "no duplicates afterwards");
        }
    }

    @Test
    void sinceFromARestAnswerStartsRightAfterThatState() throws Exception {
        start(StoreBounds.DEFAULT);
        publish(4);
        String eventId = new JsonObject(server.get("/api/runs").body()).getString("eventId");
        publish(3);
        try (SseClient c = server.events("?since=" + eventId, Map.of())) {
            assertConsecutive(5, c.take(3, WAIT, "analysis"));
        }
    }

    @Test
    void anIdOlderThanTheReplayBufferOrFromAnotherStreamAsksForAReload() throws Exception {
        start(new StoreBounds(10, 64, 1, 0, 10, 10, 5));
        publish(12);
        String stream = server.dashboard.store().events().stream();
        try (SseClient c = server.events("", Map.of("Last-Event-ID", stream + "-3"))) {
            SseClient.Event reload = c.next(WAIT, "reload", "analysis");
            assertEquals("reload", reload.type());
            assertTrue(new JsonObject(reload.data()).getString("reason").contains("reload"));
        }
        try (SseClient c = server.events("", Map.of("Last-Event-ID", stream + "-7"))) {
            assertConsecutive(8, c.take(5, WAIT, "analysis")); // 8..12 are still buffered
        }
        try (SseClient c = server.events("", Map.of("Last-Event-ID", "anotherstream-7"))) {
            assertEquals("reload", c.next(WAIT, "reload", "analysis").type());
        }
    }

    @Test
    void aBurstArrivesCompleteAndInOrder() throws Exception {
        start(StoreBounds.DEFAULT);
        try (SseClient c = server.events("?since=" + server.dashboard.store().events().sseId(0), Map.of())) {
            c.next(WAIT, "status");
            publish(5000);
            assertConsecutive(1, c.take(5000, WAIT, "analysis"));
        }
    }

    @Test
    void transitionsShareTheSequence() throws Exception {
        start(StoreBounds.DEFAULT);
        try (SseClient c = server.events("", Map.of())) {
            c.next(WAIT, "status");
            publish(1);
            server.dashboard.store().addTransition(Records.transition("r", "fc", 0, 1, Phase.RANDOM_LIKE,
                    Phase.BLEEDING_OUT), RecordPosition.local(0));
            List<SseClient.Event> got = c.take(2, WAIT, "analysis", "transition");
            assertEquals(List.of("analysis", "transition"), got.stream().map(SseClient.Event::type).toList());
            assertEquals(2, seq(got.get(1)));
            assertEquals("BLEEDING_OUT", new JsonObject(got.get(1).data()).getString("to"));
        }
    }
}
