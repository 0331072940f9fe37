package io.esdmon.app.demo;

import sun.misc.Signal;

/**
 * Ctrl-C (SIGINT) and SIGTERM as a request to stop, handled by the command itself rather than by
 * JVM shutdown hooks: the command then stops its parts in order on its own thread and exits with
 * status 0. A second signal while it is stopping halts the process at once.
 */
final class StopSignals {

    private StopSignals() {
    }

    /** The first INT or TERM runs {@code onStop}; a second one runs {@code onForce} and halts (status 130). */
    static void install(Runnable onStop, Runnable onForce) {
        java.util.concurrent.atomic.AtomicInteger received = new java.util.concurrent.atomic.AtomicInteger();
        for (String name : new String[] {"INT", "TERM"}) {
            Signal.handle(new Signal(name), s -> {
                if (received.incrementAndGet() == 1) {
                    onStop.run();
                } else {
                    onForce.run();
                    Runtime.getRuntime().halt(128 + s.getNumber());
                }
            });
        }
    }
}
