package io.esdmon.phases;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Turns one layer's sequence of per-snapshot phases into transition events, with hysteresis so that a
 * layer whose signals sit near a threshold does not flap.
 *
 * <p>The first determined phase becomes the layer's phase without an event. After that a different phase
 * is a candidate only when its margin (the distance of its deciding signals from their thresholds, in
 * standard errors) reaches the band: {@link Hysteresis#band()} for a move forward along the paper's
 * progression, the wider {@link Hysteresis#backwardBand()} for a move back towards Random-like. A call
 * inside the band counts as the current phase, which makes each threshold a Schmitt trigger: to leave a
 * phase a signal must cross the threshold by the band, and to come back it must cross it again by the band
 * the other way. A candidate becomes the layer's phase, with a {@link Transition}, once it has held for
 * {@link Hysteresis#minDwellSteps()} training steps (counted from the first snapshot that showed it), or at
 * once, forward only, when its margin reaches {@link Hysteresis#decisiveMargin()}. Undetermined snapshots
 * are skipped: they neither start, confirm nor interrupt a change.
 *
 * <p>Feeding the same sequence always gives the same events, which is how the pipeline rebuilds a tracker
 * after a restart. Not thread safe; one tracker belongs to one layer of one run.
 */
public final class PhaseTracker {

    /**
     * @param band            margin a forward move's call needs to count, in standard errors (&gt; 0)
     * @param backwardBand    margin a move back towards Random-like needs (≥ band)
     * @param minDwellSteps   training steps a candidate must hold before it is confirmed (≥ 0; 0 = at once)
     * @param decisiveMargin  a forward call with at least this margin is confirmed at once;
     *                        {@code Double.POSITIVE_INFINITY} turns this off
     */
    public record Hysteresis(double band, double backwardBand, long minDwellSteps, double decisiveMargin) {
        /** A band of one standard error forward and two back, one step of dwell (two snapshots), decisive at 4. */
        public static final Hysteresis DEFAULT = new Hysteresis(1.0, 2.0, 1, 4.0);

        public Hysteresis {
            if (!(band > 0) || !(backwardBand >= band) || Double.isInfinite(backwardBand)) {
                throw new IllegalArgumentException("need 0 < band <= backwardBand < infinity, got band " + band
                        + " and backwardBand " + backwardBand);
            }
            if (minDwellSteps < 0) {
                throw new IllegalArgumentException("minDwellSteps must be >= 0, got " + minDwellSteps);
            }
            if (!(decisiveMargin > 0)) {
                throw new IllegalArgumentException("decisiveMargin must be > 0 (use Infinity to disable), got "
                        + decisiveMargin);
            }
        }

        /**
         * A decisive margin as configuration writes it: a number, or {@code inf} / {@code infinity} (any
         * case) for none. Throws an IllegalArgumentException saying so for anything else.
         */
        public static double parseMargin(String text) {
            String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
            if (t.equals("inf") || t.equals("infinity")) {
                return Double.POSITIVE_INFINITY;
            }
            try {
                return Double.parseDouble(t);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("the decisive margin must be a positive number or inf, got '"
                        + text + "'");
            }
        }

        /** The settings' names in configuration files and flags, in the order of the record. */
        public static final List<String> SETTINGS = List.of("band", "backward-band", "min-dwell-steps",
                "decisive-margin");
        /** Settings of earlier versions, with what replaced them. */
        private static final Map<String, String> RENAMED = Map.of("min-dwell",
                "min-dwell-steps (dwell is counted in training steps, no longer in snapshots)");

        /**
         * This hysteresis with some settings replaced, by their names in {@link #SETTINGS} (e.g.
         * {@code min-dwell-steps=500}). Unknown or renamed names and bad values are errors that say what to give.
         */
        public Hysteresis with(Map<String, String> settings) {
            Map<String, String> unknown = new TreeMap<>(settings);
            unknown.keySet().removeAll(SETTINGS);
            for (String old : unknown.keySet()) {
                if (RENAMED.containsKey(old)) {
                    throw new IllegalArgumentException(old + " was replaced by " + RENAMED.get(old));
                }
            }
            if (!unknown.isEmpty()) {
                throw new IllegalArgumentException("unknown hysteresis setting(s) " + unknown.keySet() + "; known: "
                        + SETTINGS);
            }
            double b = number(settings, "band", band);
            double back = number(settings, "backward-band", backwardBand);
            long dwell = minDwellSteps;
            if (settings.containsKey("min-dwell-steps")) {
                try {
                    dwell = Long.parseLong(settings.get("min-dwell-steps").trim());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("min-dwell-steps must be a whole number of training steps >= 0,"
                            + " got '" + settings.get("min-dwell-steps") + "'");
                }
            }
            double decisive = decisiveMargin;
            if (settings.containsKey("decisive-margin")) {
                try {
                    decisive = parseMargin(settings.get("decisive-margin"));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("decisive-margin must be a positive number or inf, got '"
                            + settings.get("decisive-margin") + "'");
                }
            }
            return new Hysteresis(b, back, dwell, decisive);
        }

        private static double number(Map<String, String> settings, String name, double fallback) {
            String text = settings.get(name);
            if (text == null) {
                return fallback;
            }
            try {
                return Double.parseDouble(text.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + " must be a number of standard errors, got '" + text + "'");
            }
        }

        /** The band a call of {@code to} needs while the layer is in {@code from}. */
        double bandFor(Phase from, Phase to) {
            return to.isBackwardFrom(from) ? backwardBand : band;
        }
    }

    /**
     * A confirmed change of phase.
     *
     * @param from            the phase the layer left
     * @param to              the phase it entered
     * @param lastStepBefore  training step of the last snapshot that counted as {@code from}
     * @param firstSeenStep   training step of the first snapshot that showed the new phase
     * @param step            training step of the snapshot that confirmed it
     */
    public record Transition(Phase from, Phase to, long lastStepBefore, long firstSeenStep, long step) {
    }

    private final Hysteresis hysteresis;
    private Phase current;
    private long lastStepOfCurrent;
    private Phase candidate;
    private long candidateFirstStep;

    public PhaseTracker(Hysteresis hysteresis) {
        this.hysteresis = hysteresis;
    }

    /** The layer's confirmed phase, empty before the first determined snapshot. */
    public Optional<Phase> current() {
        return Optional.ofNullable(current);
    }

    /** Feeds the phase of the next snapshot; returns the transition it confirms, if any. */
    public Optional<Transition> observe(long step, Phase phase, double margin) {
        if (phase == null) {
            throw new IllegalArgumentException("phase must not be null");
        }
        if (!phase.isDetermined()) {
            return Optional.empty();
        }
        if (current == null || phase == current || margin < hysteresis.bandFor(current, phase)) {
            if (current == null) {
                current = phase;
            }
            lastStepOfCurrent = step;
            candidate = null;
            return Optional.empty();
        }
        if (phase != candidate) {
            candidate = phase;
            candidateFirstStep = step;
        }
        boolean decisive = margin >= hysteresis.decisiveMargin() && !phase.isBackwardFrom(current);
        if (step - candidateFirstStep < hysteresis.minDwellSteps() && !decisive) {
            return Optional.empty();
        }
        Transition t = new Transition(current, phase, lastStepOfCurrent, candidateFirstStep, step);
        current = phase;
        lastStepOfCurrent = step;
        candidate = null;
        return Optional.of(t);
    }
}
