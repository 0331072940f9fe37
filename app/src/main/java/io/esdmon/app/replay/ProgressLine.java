package io.esdmon.app.replay;

import io.esdmon.replay.ReplayProgress;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;

/**
 * A replay's progress on standard error: on a terminal one bar redrawn in place
 * ({@code [#####.....] 48%  6,120/12,800 records · 240 snapshots · 12 layers · 3 transitions · 0:41, ETA 0:44}),
 * elsewhere (logs, pipes) the same text as a line every {@value #LINE_EVERY_SECONDS} seconds.
 */
final class ProgressLine {

    static final int LINE_EVERY_SECONDS = 5;
    private static final int BAR = 24;

    private final PrintWriter err;
    private final boolean terminal;
    private long printedAt = Long.MIN_VALUE;
    private boolean drawn;
    private String unprinted;

    ProgressLine(PrintWriter err, boolean terminal) {
        this.err = err;
        this.terminal = terminal;
    }

    synchronized void show(ReplayProgress p) {
        String text = text(p);
        if (terminal) {
            err.print("\r\033[K" + text);
            drawn = true;
        } else {
            long now = System.nanoTime();
            if (printedAt != Long.MIN_VALUE && now - printedAt < LINE_EVERY_SECONDS * 1_000_000_000L) {
                unprinted = text;
                return;
            }
            printedAt = now;
            unprinted = null;
            err.println("esdmon replay: " + text);
        }
        err.flush();
    }

    /** Ends the bar's line so that what follows starts on a clean line; off a terminal, prints the last state if it was held back. */
    synchronized void end() {
        if (unprinted != null) {
            err.println("esdmon replay: " + unprinted);
            err.flush();
            unprinted = null;
        }
        if (drawn) {
            err.println();
            err.flush();
            drawn = false;
        }
    }

    static String text(ReplayProgress p) {
        int filled = (int) Math.round(p.fraction() * BAR);
        return String.format(Locale.ROOT, "[%s%s] %3.0f%%  %,d/%,d records · %,d snapshots · %d layers · %,d transitions"
                + " · %s%s", "#".repeat(filled), ".".repeat(BAR - filled), 100 * p.fraction(), p.recordsRead(),
                p.recordsTotal(), p.snapshots(), p.layers(), p.transitions(), clock(p.elapsed()),
                p.eta().map(e -> ", ETA " + clock(e)).orElse(""));
    }

    static String clock(Duration d) {
        long s = d.toSeconds();
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
