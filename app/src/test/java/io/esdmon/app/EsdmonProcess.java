package io.esdmon.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real {@code esdmon} main in a child JVM on this test's class path, read line by line and
 * stopped with real signals (Process.destroy would close the pipes being read).
 */
public final class EsdmonProcess implements AutoCloseable {

    private final Process process;
    private final BufferedReader out;

    private EsdmonProcess(Process process) {
        this.process = process;
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    /** Starts {@code esdmon ARGS...}; standard error is discarded. */
    public static EsdmonProcess start(String... args) throws IOException {
        return start(List.of(), ProcessBuilder.Redirect.DISCARD, args);
    }

    /** Starts {@code java JVM_OPTIONS io.esdmon.app.Esdmon ARGS...} with standard error going to {@code err}. */
    public static EsdmonProcess start(List<String> jvmOptions, ProcessBuilder.Redirect err, String... args)
            throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path")));
        command.addAll(jvmOptions);
        command.add(Esdmon.class.getName());
        command.addAll(List.of(args));
        return new EsdmonProcess(new ProcessBuilder(command).redirectError(err).start());
    }

    /** Reads the rest of standard output in the background, so that the child never blocks on a full pipe. */
    public void drain() {
        Thread drain = new Thread(() -> out.lines().forEach(l -> { }), "esdmon-" + process.pid() + "-stdout");
        drain.setDaemon(true);
        drain.start();
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Kills the child with SIGKILL (no shutdown hook runs) and returns its exit status (137). */
    public int kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            fail("the esdmon process (pid " + process.pid() + ") survived SIGKILL for 30 s");
        }
        return process.exitValue();
    }

    /** The lines printed before {@code marker} (all of them if it never comes). */
    public List<String> readUntil(String marker) throws IOException {
        List<String> lines = new ArrayList<>();
        String line;
        while ((line = out.readLine()) != null && !line.equals(marker)) {
            lines.add(line);
        }
        return lines;
    }

    /** What follows {@code prefix} on the first line that starts with it, or null. */
    public static String after(List<String> lines, String prefix) {
        return lines.stream().filter(l -> l.startsWith(prefix)).map(l -> l.substring(prefix.length())).findFirst()
                .orElse(null);
    }

    /** Sends a signal (INT for Ctrl-C, TERM) to the child. */
    public void signal(String name) throws IOException, InterruptedException {
        assertEquals(0, new ProcessBuilder("kill", "-" + name, String.valueOf(process.pid())).start().waitFor());
    }

    /** The rest of standard output, until the child closes it. */
    public List<String> readToEnd() throws IOException {
        return readUntil(null);
    }

    /** The exit status; fails the test when the child is still running after {@code timeout}. */
    public int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            fail("the esdmon process did not exit within " + timeout.toSeconds() + " s");
        }
        return process.exitValue();
    }

    @Override
    public void close() throws IOException {
        process.destroyForcibly();
        out.close();
    }
}
