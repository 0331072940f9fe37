package io.esdmon.app.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.esdmon.app.Esdmon;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code esdmon serve} in a child JVM (the real main, stopped with a real SIGINT or killed with a
 * real SIGKILL) for tests.
 */
public final class ServeProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Process process;
    private final BufferedReader out;
    private String health;

    private ServeProcess(Process process) {
        this.process = process;
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
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
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Esdmon.class.getName(), "serve"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        if (log != null) {
            Files.createDirectories(log.toAbsolutePath().getParent());
            builder.redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
        } else {
            builder.redirectError(ProcessBuilder.Redirect.DISCARD);
        }
        return new ServeProcess(builder.start());
    }

    /** The lines printed before "press Ctrl-C to stop" (all of them if it never says so). */
    public List<String> readUntilReady() throws IOException {
        List<String> lines = new ArrayList<>();
        String line;
        while ((line = out.readLine()) != null && !line.equals("press Ctrl-C to stop")) {
            lines.add(line);
        }
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
        Thread drain = new Thread(() -> out.lines().forEach(l -> { }), "serve-" + process.pid() + "-stdout");
        drain.setDaemon(true);
        drain.start();
        return this;
    }

    /** What follows {@code prefix} on the first line that starts with it, or null. */
    static String after(List<String> lines, String prefix) {
        return lines.stream().filter(l -> l.startsWith(prefix)).map(l -> l.substring(prefix.length())).findFirst()
                .orElse(null);
    }

    /** GET /health as JSON (the monitor's counters); only after {@link #awaitReady()}. */
    public JsonObject health() throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(health)).timeout(Duration.ofSeconds(10))
                .build(), HttpResponse.BodyHandlers.ofString());
        return new JsonObject(r.body());
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
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            fail("serve (pid " + process.pid() + ") survived SIGKILL for 30 s");
        }
        return process.exitValue();
    }

    /** Sends SIGINT and checks that serve says it stops and exits within a minute. */
    void stopWithCtrlC() throws IOException, InterruptedException {
        assertEquals(0, new ProcessBuilder("kill", "-INT", String.valueOf(process.pid())).start().waitFor());
        List<String> tail = new ArrayList<>();
        String line;
        while ((line = out.readLine()) != null) {
            tail.add(line);
        }
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            fail("serve did not stop within 60 s of Ctrl-C");
        }
        assertEquals(List.of("esdmon serve: stopping", "esdmon serve: stopped"), tail);
    }

    @Override
    public void close() throws IOException {
        process.destroyForcibly();
        out.close();
    }
}
