package io.esdmon.app.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.esdmon.app.EsdmonProcess;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** {@code esdmon serve} in a child JVM (the real main, stopped with a real SIGINT) for tests. */
final class ServeProcess implements AutoCloseable {

    private final EsdmonProcess process;

    private ServeProcess(EsdmonProcess process) {
        this.process = process;
    }

    /** Starts {@code esdmon serve ARGS...} on this test's class path; standard error is discarded. */
    static ServeProcess start(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("serve"));
        command.addAll(List.of(args));
        return new ServeProcess(EsdmonProcess.start(command.toArray(String[]::new)));
    }

    /** The lines printed before "press Ctrl-C to stop" (all of them if it never says so). */
    List<String> readUntilReady() throws IOException {
        return process.readUntil("press Ctrl-C to stop");
    }

    /** What follows {@code prefix} on the first line that starts with it, or null. */
    static String after(List<String> lines, String prefix) {
        return EsdmonProcess.after(lines, prefix);
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
