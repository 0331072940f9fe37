package io.esdmon.phases;

import static io.esdmon.phases.Phase.BLEEDING_OUT;
import static io.esdmon.phases.Phase.BULK_PLUS_SPIKES;
import static io.esdmon.phases.Phase.HEAVY_TAILED;
import static io.esdmon.phases.Phase.RANDOM_LIKE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.esdmon.phases.PhaseTracker.Hysteresis;
import io.esdmon.phases.PhaseTracker.Transition;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PhaseTrackerTest {

    private static final double LOW = 0.1;

    /** Feeds phases at steps 0, 10, 20, ... with a low margin and collects the transitions. */
    private static List<Transition> run(Hysteresis h, Phase... phases) {
        PhaseTracker tracker = new PhaseTracker(h);
        List<Transition> out = new ArrayList<>();
        for (int i = 0; i < phases.length; i++) {
            tracker.observe(10L * i, phases[i], LOW).ifPresent(out::add);
        }
        return out;
    }

    @Test
    void firstPhaseIsAdoptedWithoutAnEvent() {
        PhaseTracker tracker = new PhaseTracker(Hysteresis.DEFAULT);
        assertTrue(tracker.current().isEmpty());
        assertTrue(tracker.observe(0, BULK_PLUS_SPIKES, LOW).isEmpty());
        assertEquals(BULK_PLUS_SPIKES, tracker.current().orElseThrow());
    }

    @Test
    void steadyProgressionGivesOneEventPerPhaseAfterTheDwell() {
        List<Transition> t = run(new Hysteresis(2, Double.POSITIVE_INFINITY),
                RANDOM_LIKE, RANDOM_LIKE, BLEEDING_OUT, BLEEDING_OUT, BLEEDING_OUT, BULK_PLUS_SPIKES, BULK_PLUS_SPIKES);
        assertEquals(List.of(new Transition(RANDOM_LIKE, BLEEDING_OUT, 10, 20, 30),
                new Transition(BLEEDING_OUT, BULK_PLUS_SPIKES, 40, 50, 60)), t);
    }

    @Test
    void oscillationAtAThresholdDoesNotFlap() {
        List<Transition> t = run(new Hysteresis(2, Double.POSITIVE_INFINITY),
                RANDOM_LIKE, BLEEDING_OUT, RANDOM_LIKE, BLEEDING_OUT, RANDOM_LIKE, BLEEDING_OUT, RANDOM_LIKE);
        assertTrue(t.isEmpty(), "alternating phases must not produce events: " + t);
    }

    @Test
    void aThirdPhaseRestartsTheCount() {
        List<Transition> t = run(new Hysteresis(3, Double.POSITIVE_INFINITY),
                RANDOM_LIKE, BLEEDING_OUT, BLEEDING_OUT, BULK_PLUS_SPIKES, BULK_PLUS_SPIKES, BULK_PLUS_SPIKES);
        assertEquals(List.of(new Transition(RANDOM_LIKE, BULK_PLUS_SPIKES, 0, 30, 50)), t);
    }

    @Test
    void withoutHysteresisEveryChangeIsAnEvent() {
        List<Transition> t = run(new Hysteresis(1, Double.POSITIVE_INFINITY), RANDOM_LIKE, BLEEDING_OUT, RANDOM_LIKE);
        assertEquals(2, t.size());
        assertEquals(new Transition(BLEEDING_OUT, RANDOM_LIKE, 10, 20, 20), t.get(1));
    }

    @Test
    void aDecisiveMarginSkipsTheDwell() {
        PhaseTracker tracker = new PhaseTracker(new Hysteresis(3, 0.5));
        tracker.observe(0, RANDOM_LIKE, LOW);
        assertTrue(tracker.observe(1, HEAVY_TAILED, 0.49).isEmpty());
        assertEquals(new Transition(RANDOM_LIKE, HEAVY_TAILED, 0, 1, 2), tracker.observe(2, HEAVY_TAILED, 0.5).orElseThrow());
        assertEquals(HEAVY_TAILED, tracker.current().orElseThrow());
    }

    /** The last step of the old phase is the last snapshot that showed it, not the last before the change. */
    @Test
    void lastStepBeforeSkipsFlickersOfOtherPhases() {
        List<Transition> t = run(new Hysteresis(2, Double.POSITIVE_INFINITY),
                RANDOM_LIKE, RANDOM_LIKE, HEAVY_TAILED, RANDOM_LIKE, BLEEDING_OUT, BULK_PLUS_SPIKES, BULK_PLUS_SPIKES);
        assertEquals(List.of(new Transition(RANDOM_LIKE, BULK_PLUS_SPIKES, 30, 50, 60)), t);
    }

    @Test
    void replayingTheSameSequenceGivesTheSameEvents() {
        Phase[] seq = {RANDOM_LIKE, BLEEDING_OUT, BLEEDING_OUT, RANDOM_LIKE, BULK_PLUS_SPIKES, BULK_PLUS_SPIKES,
            HEAVY_TAILED, HEAVY_TAILED, HEAVY_TAILED};
        assertEquals(run(Hysteresis.DEFAULT, seq), run(Hysteresis.DEFAULT, seq));
        assertEquals(3, run(Hysteresis.DEFAULT, seq).size());
    }

    @Test
    void rejectsNonsenseSettings() {
        assertThrows(IllegalArgumentException.class, () -> new Hysteresis(0, 1));
        assertThrows(IllegalArgumentException.class, () -> new Hysteresis(2, 0));
        assertThrows(IllegalArgumentException.class, () -> new Hysteresis(2, Double.NaN));
    }
}
