package io.esdmon.dashboard.http;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A minimal Server-Sent Events reader for tests: parses events on a thread into a queue. */
final class SseClient implements AutoCloseable {

    record Event(String id, String type, String data) {
    }

    private static final Event END = new Event(null, "<end>", "");

    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final InputStream body;
    private final Thread reader;
    final int status;

    SseClient(HttpClient http, URI uri, Map<String, String> headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).header("Accept", "text/event-stream");
        headers.forEach(b::header);
        HttpResponse<InputStream> res = http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
        status = res.statusCode();
        body = res.body();
        reader = new Thread(this::read, "sse-test-reader");
        reader.setDaemon(true);
        reader.start();
    }

    private void read() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            String id = null;
            String type = "message";
            StringBuilder data = new StringBuilder();
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isEmpty()) {
                    if (data.length() > 0) {
                        events.add(new Event(id, type, data.toString()));
                    }
                    id = null;
                    type = "message";
                    data.setLength(0);
                } else if (line.startsWith("id: ")) {
                    id = line.substring(4);
                } else if (line.startsWith("event: ")) {
                    type = line.substring(7);
                } else if (line.startsWith("data: ")) {
                    data.append(line.substring(6));
                }
            }
        } catch (IOException e) {
            // closed
        } finally {
            events.add(END);
        }
    }

    /** The next event of one of the given types (others are skipped); fails after the timeout or at the end. */
    Event next(Duration timeout, String... types) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Event e = events.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (e == null) {
                throw new AssertionError("no " + String.join("/", types) + " event within " + timeout);
            }
            if (e == END) {
                events.add(END);
                throw new AssertionError("the stream ended while waiting for " + String.join("/", types));
            }
            if (types.length == 0 || List.of(types).contains(e.type())) {
                return e;
            }
        }
    }

    List<Event> take(int n, Duration timeout, String... types) throws InterruptedException {
        List<Event> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(next(timeout, types));
        }
        return out;
    }

    /** Events of the given types that arrive within {@code quiet}. */
    List<Event> drain(Duration quiet, String... types) throws InterruptedException {
        List<Event> out = new ArrayList<>();
        while (true) {
            Event e = events.poll(quiet.toMillis(), TimeUnit.MILLISECONDS);
            if (e == null || e == END) {
                return out;
            }
            if (types.length == 0 || List.of(types).contains(e.type())) {
                out.add(e);
            }
        }
    }

    @Override
    public void close() throws IOException {
        body.close();
        reader.interrupt();
    }
}
