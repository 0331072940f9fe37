package io.esdmon.app.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.esdmon.app.EsdmonProcess;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code esdmon serve} in a child JVM (the real main, stopped with a real SIGINT or killed with a
 * real SIGKILL) for tests.
 */
public final class ServeProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final EsdmonProcess process;
    private String health;

    private ServeProcess(EsdmonProcess process) {
        this.process = process;
    }

    /** Starts {@code esdmon serve ARGS...} on this test's class path; standard error is discarded. */
    public static ServeProcess start(String... args) throws IOException {
        return start(List.of(), null, args);
    }

    /**
     * Starts {@code esdmon serve ARGS...} in a JVM with {@code jvmOptions} (e.g. {@code -Xmx256m}),
     * appending its standard error (the log) to {@code log} when given.
     */
    public static ServeProcess start(List<String> jvmOptions, Path log, String... args) throws IOException {
        ProcessBuilder.Redirect err = ProcessBuilder.Redirect.DISCARD;
        if (log != null) {
            Files.createDirectories(log.toAbsolutePath().getParent());
            err = ProcessBuilder.Redirect.appendTo(log.toFile());
        }
        List<String> command = new ArrayList<>(List.of("serve"));
        command.addAll(List.of(args));
        return new ServeProcess(EsdmonProcess.start(jvmOptions, err, command.toArray(String[]::new)));
    }

    /** The lines printed before "press Ctrl-C to stop" (all of them if it never says so). */
    public List<String> readUntilReady() throws IOException {
        List<String> lines = process.readUntil("press Ctrl-C to stop");
        health = after(lines, "health: ");
        return lines;
    }

    /**
     * Waits until serve is ready, then keeps reading its output in the background (so that it never
     * blocks on a full pipe); fails the test if it exits first.
     */
    public ServeProcess awaitReady() throws IOException {
        List<String> lines = readUntilReady();
        if (health == null) {
            fail("esdmon serve did not start: " + lines);
        }
        process.drain();
        return this;
    }

    /** What follows {@code prefix} on the first line that starts with it, or null. */
    static String after(List<String> lines, String prefix) {
        return EsdmonProcess.after(lines, prefix);
    }

    /** GET /health as JSON (the monitor's counters); only after {@link #awaitReady()}. */
    public JsonObject health() throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(health)).timeout(Duration.ofSeconds(10))
                .build(), HttpResponse.BodyHandlers.ofString());
        return new JsonObject(r.body());
    }

    /** The HTTP port; only after {@link #awaitReady()}. */
    public int port() {
        return URI.create(health).getPort();
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Resident memory of the process in bytes (VmRSS from /proc), or -1 where there is no /proc. */
    public long residentBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    /** Kills the process with SIGKILL (no shutdown hook runs) and returns its exit status (137). */
    public int kill() throws InterruptedException {
        return process.kill();
    }

    /** Sends SIGINT and checks that serve says it stops and exits within a minute. */
    void stopWithCtrlC() throws IOException, InterruptedException {
        process.signal("INT");
        List<String> tail = process.readToEnd();
        process.awaitExit(Duration.ofSeconds(60));
        assertEquals(List.of("esdmon serve: stopping", "esdmon serve: stopped"), tail);
    }

    @Override
    public void close() throws IOException {
        process.close();
    }
}
