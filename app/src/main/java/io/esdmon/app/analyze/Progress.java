package io.esdmon.app.analyze;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Shows which layer is being analyzed on standard error ("[3/18] fc2  4.1 s"), never on standard
 * output. On a terminal one status line is redrawn in place, with the elapsed time ticking, and is
 * erased before anything else is printed; elsewhere each layer gets a plain line, when asked for.
 */
final class Progress implements AutoCloseable {

    /** How progress is shown. */
    enum Mode {
        /** Nothing. */
        OFF,
        /** One line per layer (logs, pipes). */
        LINES,
        /** A status line redrawn in place (terminals). */
        LIVE
    }

    /** Set by the launcher when standard error is a terminal. */
    static final String TTY_PROPERTY = "esdmon.stderr.tty";

    private final PrintWriter err;
    private final Mode mode;
    private final long start = System.nanoTime();
    private ScheduledExecutorService ticker;
    private String current;
    private boolean shown;

    Progress(PrintWriter err, Mode mode) {
        this.err = err;
        this.mode = mode;
    }

    /**
     * The mode for a run of {@code layers} layers: none for a single layer; otherwise as asked
     * ({@code null} = automatic: live on a terminal, off elsewhere).
     */
    static Mode choose(Boolean asked, int layers) {
        boolean terminal = Boolean.getBoolean(TTY_PROPERTY);
        if (layers < 2 || Boolean.FALSE.equals(asked)) {
            return Mode.OFF;
        }
        if (terminal) {
            return Mode.LIVE;
        }
        return Boolean.TRUE.equals(asked) ? Mode.LINES : Mode.OFF;
    }

    /** Layer {@code index} (from 1) of {@code total} starts. */
    synchronized void layer(int index, int total, String name) {
        current = "[" + index + "/" + total + "] " + name;
        if (mode == Mode.LINES) {
            err.println("esdmon: " + current + "  (" + elapsed() + " elapsed)");
            err.flush();
        } else if (mode == Mode.LIVE) {
            draw();
            if (ticker == null) {
                ticker = Executors.newSingleThreadScheduledExecutor(r -> {
                    Thread t = new Thread(r, "esdmon-progress");
                    t.setDaemon(true);
                    return t;
                });
                ticker.scheduleAtFixedRate(this::tick, 250, 250, TimeUnit.MILLISECONDS);
            }
        }
    }

    /** Erases the status line so that other output starts on a clean line, until the next layer starts. */
    synchronized void clear() {
        current = null;
        if (shown) {
            err.print("\r\033[K");
            err.flush();
            shown = false;
        }
    }

    /** Stops the ticker, erases the status line and, if progress was shown, prints the total time. */
    @Override
    public synchronized void close() {
        if (ticker != null) {
            ticker.shutdownNow();
        }
        clear();
        if (mode != Mode.OFF) {
            err.println("esdmon: done in " + elapsed());
            err.flush();
        }
    }

    private synchronized void tick() {
        if (current != null) {
            draw();
        }
    }

    private void draw() {
        err.print("\r\033[K" + current + "  " + elapsed());
        err.flush();
        shown = true;
    }

    private String elapsed() {
        return String.format(Locale.ROOT, "%.1f s", (System.nanoTime() - start) / 1e9);
    }
}
