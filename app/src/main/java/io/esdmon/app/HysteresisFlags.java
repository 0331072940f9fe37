package io.esdmon.app;

import io.esdmon.phases.PhaseTracker.Hysteresis;
import java.util.Locale;
import picocli.CommandLine.Option;

/** When a layer's new phase becomes a transition (a picocli mixin for commands that track phases). */
public final class HysteresisFlags {

    @Option(names = "--min-dwell", paramLabel = "N", defaultValue = "2", description = "consecutive snapshots a new"
            + " phase must hold before it is a transition (default: ${DEFAULT-VALUE}; 1 = no hysteresis)")
    int minDwell;

    @Option(names = "--decisive-margin", paramLabel = "X", defaultValue = "1.0", description = "a new phase whose"
            + " classification margin (factors of two from its thresholds) reaches X is a transition at once"
            + " (default: ${DEFAULT-VALUE}; inf = always wait for --min-dwell)")
    String decisiveMargin;

    /** The hysteresis; bad values are an IllegalArgumentException saying what to give. */
    public Hysteresis hysteresis() {
        try {
            return new Hysteresis(minDwell, margin(decisiveMargin));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--min-dwell / --decisive-margin: " + e.getMessage());
        }
    }

    private static double margin(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("inf") || t.equals("infinity")) {
            return Double.POSITIVE_INFINITY;
        }
        try {
            return Double.parseDouble(t);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--decisive-margin must be a positive number or inf, got '" + text
                    + "'");
        }
    }
}
