package io.esdmon.phases;

import java.util.Optional;

/**
 * Turns one layer's sequence of per-snapshot phases into transition events, with hysteresis so
 * that a layer sitting near a threshold does not flap.
 *
 * <p>The first phase observed becomes the layer's phase without an event. After that a different
 * phase becomes the layer's phase, and a {@link Transition} is emitted, once it has been observed
 * on {@link Hysteresis#minDwell()} consecutive snapshots, or at once when its classification margin
 * reaches {@link Hysteresis#decisiveMargin()}. Any snapshot that returns to the current phase, or
 * shows yet another phase, restarts the count.
 *
 * <p>Feeding the same sequence always gives the same events, which is how the pipeline rebuilds a
 * tracker after a restart: it replays the layer's past analyses through a fresh tracker. Not
 * thread safe; one tracker belongs to one layer of one run.
 */
public final class PhaseTracker {

    /**
     * @param minDwell        consecutive snapshots a new phase must hold (≥ 1; 1 disables hysteresis)
     * @param decisiveMargin  a classification margin at or above which a new phase is accepted at
     *                        once; {@code Double.POSITIVE_INFINITY} turns this off
     */
    public record Hysteresis(int minDwell, double decisiveMargin) {
        /** Two consecutive snapshots, or one whose deciding signal cleared its threshold by 100%. */
        public static final Hysteresis DEFAULT = new Hysteresis(2, 1.0);

        public Hysteresis {
            if (minDwell < 1) {
                throw new IllegalArgumentException("minDwell must be >= 1, got " + minDwell);
            }
            if (!(decisiveMargin > 0)) {
                throw new IllegalArgumentException("decisiveMargin must be > 0 (use Infinity to disable), got "
                        + decisiveMargin);
            }
        }
    }

    /**
     * A confirmed change of phase.
     *
     * @param from            the phase the layer left
     * @param to              the phase it entered
     * @param lastStepBefore  training step of the last snapshot that showed {@code from}
     * @param firstSeenStep   training step of the first snapshot that showed the new phase
     * @param step            training step of the snapshot that confirmed it
     */
    public record Transition(Phase from, Phase to, long lastStepBefore, long firstSeenStep, long step) {
    }

    private final Hysteresis hysteresis;
    private Phase current;
    private long lastStepOfCurrent;
    private Phase candidate;
    private int candidateCount;
    private long candidateFirstStep;

    public PhaseTracker(Hysteresis hysteresis) {
        this.hysteresis = hysteresis;
    }

    /** The layer's confirmed phase, empty before the first snapshot. */
    public Optional<Phase> current() {
        return Optional.ofNullable(current);
    }

    /** Feeds the phase of the next snapshot; returns the transition it confirms, if any. */
    public Optional<Transition> observe(long step, Phase phase, double margin) {
        if (phase == null) {
            throw new IllegalArgumentException("phase must not be null");
        }
        if (current == null || phase == current) {
            current = phase;
            lastStepOfCurrent = step;
            candidate = null;
            return Optional.empty();
        }
        if (phase == candidate) {
            candidateCount++;
        } else {
            candidate = phase;
            candidateCount = 1;
            candidateFirstStep = step;
        }
        if (candidateCount < hysteresis.minDwell() && margin < hysteresis.decisiveMargin()) {
            return Optional.empty();
        }
        Transition t = new Transition(current, phase, lastStepOfCurrent, candidateFirstStep, step);
        current = phase;
        lastStepOfCurrent = step;
        candidate = null;
        return Optional.of(t);
    }
}
