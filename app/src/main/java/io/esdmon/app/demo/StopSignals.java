package io.esdmon.app.demo;

import java.util.concurrent.atomic.AtomicInteger;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Ctrl-C (SIGINT) and SIGTERM as a request to stop, handled by the command itself rather than by
 * JVM shutdown hooks: the command then stops its parts in order on its own thread and exits with
 * status 0. A second signal while it is stopping halts the process at once.
 */
final class StopSignals {

    private StopSignals() {
    }

    /**
     * The first INT or TERM runs {@code onStop}; a second one runs {@code onForce} and halts (status
     * 128 + signal). Returns false if SIGINT stays ignored: a shell starts background jobs with it
     * ignored, and the JVM then leaves it so (only SIGTERM stops the process).
     */
    static boolean install(Runnable onStop, Runnable onForce) {
        AtomicInteger received = new AtomicInteger();
        boolean interruptible = true;
        for (String name : new String[] {"INT", "TERM"}) {
            SignalHandler before = Signal.handle(new Signal(name), s -> {
                if (received.incrementAndGet() == 1) {
                    onStop.run();
                } else {
                    onForce.run();
                    Runtime.getRuntime().halt(128 + s.getNumber());
                }
            });
            if (name.equals("INT") && before == SignalHandler.SIG_IGN) {
                interruptible = false;
            }
        }
        return interruptible;
    }
}
