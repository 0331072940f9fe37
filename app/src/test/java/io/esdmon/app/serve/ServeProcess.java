package io.esdmon.app.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.esdmon.app.Esdmon;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** {@code esdmon serve} in a child JVM (the real main, stopped with a real SIGINT) for tests. */
final class ServeProcess implements AutoCloseable {

    private final Process process;
    private final BufferedReader out;

    private ServeProcess(Process process) {
        this.process = process;
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    /** Starts {@code esdmon serve ARGS...} on this test's class path; standard error is discarded. */
    static ServeProcess start(String... args) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                Esdmon.class.getName(), "serve"));
        command.addAll(List.of(args));
        return new ServeProcess(new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start());
    }

    /** The lines printed before "press Ctrl-C to stop" (all of them if it never says so). */
    List<String> readUntilReady() throws IOException {
        List<String> lines = new ArrayList<>();
        String line;
        while ((line = out.readLine()) != null && !line.equals("press Ctrl-C to stop")) {
            lines.add(line);
        }
        return lines;
    }

    /** What follows {@code prefix} on the first line that starts with it, or null. */
    static String after(List<String> lines, String prefix) {
        return lines.stream().filter(l -> l.startsWith(prefix)).map(l -> l.substring(prefix.length())).findFirst()
                .orElse(null);
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
