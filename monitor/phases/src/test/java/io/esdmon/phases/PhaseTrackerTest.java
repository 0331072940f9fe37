package io.esdmon.phases;

import static io.esdmon.phases.Phase.BLEEDING_OUT;
import static io.esdmon.phases.Phase.BULK_DECAY;
import static io.esdmon.phases.Phase.BULK_PLUS_SPIKES;
import static io.esdmon.phases.Phase.HEAVY_TAILED;
import static io.esdmon.phases.Phase.RANDOM_LIKE;
import static io.esdmon.phases.Phase.UNDETERMINED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.esdmon.phases.PhaseTracker.Hysteresis;
import io.esdmon.phases.PhaseTracker.Transition;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PhaseTrackerTest {

    /** Band 1 forward, 2 back, 20 steps of dwell, no decisive shortcut. */
    private static final Hysteresis H = new Hysteresis(1, 2, 20, Double.POSITIVE_INFINITY);

    record Call(long step, Phase phase, double margin) {
    }

    private static List<Transition> run(Hysteresis h, Call... calls) {
        PhaseTracker tracker = new PhaseTracker(h);
        List<Transition> out = new ArrayList<>();
        for (Call c : calls) {
            tracker.observe(c.step(), c.phase(), c.margin()).ifPresent(out::add);
        }
        return out;
    }

    private static Call at(long step, Phase phase, double margin) {
        return new Call(step, phase, margin);
    }

    @Test
    void firstDeterminedPhaseIsAdoptedWithoutAnEvent() {
        PhaseTracker tracker = new PhaseTracker(Hysteresis.DEFAULT);
        assertTrue(tracker.current().isEmpty());
        assertTrue(tracker.observe(0, UNDETERMINED, 0).isEmpty());
        assertTrue(tracker.current().isEmpty(), "Undetermined is never a layer's phase");
        assertTrue(tracker.observe(10, BULK_PLUS_SPIKES, 0.1).isEmpty());
        assertEquals(BULK_PLUS_SPIKES, tracker.current().orElseThrow());
    }

    @Test
    void aNewPhaseIsConfirmedOnceItHeldForTheDwellInSteps() {
        List<Transition> t = run(H, at(0, RANDOM_LIKE, 3), at(10, BLEEDING_OUT, 1.5), at(20, BLEEDING_OUT, 1.5),
                at(30, BLEEDING_OUT, 1.5), at(40, BULK_PLUS_SPIKES, 2), at(50, BULK_PLUS_SPIKES, 2),
                at(60, BULK_PLUS_SPIKES, 2));
        assertEquals(List.of(new Transition(RANDOM_LIKE, BLEEDING_OUT, 0, 10, 30),
                new Transition(BLEEDING_OUT, BULK_PLUS_SPIKES, 30, 40, 60)), t);
    }

    @Test
    void dwellCountsTrainingStepsNotSnapshots() {
        // two snapshots 100 steps apart clear a 20-step dwell; five snapshots 2 steps apart do not
        assertEquals(1, run(H, at(0, RANDOM_LIKE, 3), at(100, BLEEDING_OUT, 2), at(200, BLEEDING_OUT, 2)).size());
        assertTrue(run(H, at(0, RANDOM_LIKE, 3), at(2, BLEEDING_OUT, 2), at(4, BLEEDING_OUT, 2),
                at(6, BLEEDING_OUT, 2), at(8, BLEEDING_OUT, 2), at(10, BLEEDING_OUT, 2)).isEmpty());
    }

    /** A layer whose deciding signal wanders around a threshold: calls inside the band keep the phase. */
    @Test
    void callsInsideTheBandNeverMoveThePhase() {
        List<Call> calls = new ArrayList<>();
        calls.add(at(0, BULK_PLUS_SPIKES, 2));
        for (int i = 1; i <= 60; i++) {
            calls.add(at(10L * i, i % 2 == 0 ? BULK_DECAY : BULK_PLUS_SPIKES, 0.3 + 0.6 * ((i * 7) % 5) / 4.0));
        }
        assertTrue(run(H, calls.toArray(Call[]::new)).isEmpty());
    }

    @Test
    void aMoveBackNeedsTheWiderBand() {
        List<Transition> t = run(H, at(0, BULK_DECAY, 3), at(10, BULK_PLUS_SPIKES, 1.5), at(20, BULK_PLUS_SPIKES, 1.5),
                at(30, BULK_PLUS_SPIKES, 1.5), at(40, BULK_PLUS_SPIKES, 1.5));
        assertTrue(t.isEmpty(), "1.5 standard errors do not carry a move back: " + t);
        t = run(H, at(0, BULK_DECAY, 3), at(10, BULK_PLUS_SPIKES, 2.5), at(20, BULK_PLUS_SPIKES, 2.5),
                at(30, BULK_PLUS_SPIKES, 2.5));
        assertEquals(List.of(new Transition(BULK_DECAY, BULK_PLUS_SPIKES, 0, 10, 30)), t);
    }

    @Test
    void undeterminedSnapshotsNeitherStartNorInterruptAChange() {
        List<Transition> t = run(H, at(0, RANDOM_LIKE, 3), at(10, UNDETERMINED, 0), at(20, BLEEDING_OUT, 2),
                at(30, UNDETERMINED, 0), at(40, BLEEDING_OUT, 2));
        assertEquals(List.of(new Transition(RANDOM_LIKE, BLEEDING_OUT, 0, 20, 40)), t);
        assertTrue(run(H, at(0, RANDOM_LIKE, 3), at(10, UNDETERMINED, 0), at(20, UNDETERMINED, 0),
                at(30, UNDETERMINED, 0)).isEmpty());
    }

    @Test
    void aThirdPhaseRestartsTheDwell() {
        List<Transition> t = run(H, at(0, RANDOM_LIKE, 3), at(10, BLEEDING_OUT, 2), at(20, BULK_PLUS_SPIKES, 2),
                at(30, BULK_PLUS_SPIKES, 2), at(40, BULK_PLUS_SPIKES, 2));
        assertEquals(List.of(new Transition(RANDOM_LIKE, BULK_PLUS_SPIKES, 0, 20, 40)), t);
    }

    @Test
    void aDecisiveMarginSkipsTheDwellForwardOnly() {
        Hysteresis h = new Hysteresis(1, 2, 100, 4);
        assertEquals(List.of(new Transition(RANDOM_LIKE, HEAVY_TAILED, 0, 10, 10)),
                run(h, at(0, RANDOM_LIKE, 3), at(10, HEAVY_TAILED, 4)));
        assertTrue(run(h, at(0, HEAVY_TAILED, 3), at(10, RANDOM_LIKE, 9)).isEmpty(), "back: the dwell still applies");
    }

    @Test
    void withoutDwellEveryClearChangeIsAnEvent() {
        List<Transition> t = run(new Hysteresis(1, 1, 0, Double.POSITIVE_INFINITY), at(0, RANDOM_LIKE, 3),
                at(10, BLEEDING_OUT, 1), at(20, RANDOM_LIKE, 1));
        assertEquals(List.of(new Transition(RANDOM_LIKE, BLEEDING_OUT, 0, 10, 10),
                new Transition(BLEEDING_OUT, RANDOM_LIKE, 10, 20, 20)), t);
    }

    @Test
    void replayingTheSameSequenceGivesTheSameEvents() {
        Call[] seq = {at(0, RANDOM_LIKE, 3), at(10, BLEEDING_OUT, 2), at(20, BLEEDING_OUT, 2), at(30, RANDOM_LIKE, 0.5),
            at(40, BULK_PLUS_SPIKES, 3), at(50, BULK_PLUS_SPIKES, 3), at(60, HEAVY_TAILED, 5), at(70, HEAVY_TAILED, 5)};
        assertEquals(run(Hysteresis.DEFAULT, seq), run(Hysteresis.DEFAULT, seq));
        assertEquals(3, run(Hysteresis.DEFAULT, seq).size());
    }

    @Test
    void rejectsNonsenseSettings() {
        assertThrows(IllegalArgumentException.class, () -> new Hysteresis(0, 1, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new Hysteresis(2, 1, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new Hysteresis(1, 2, -1, 1));
        assertThrows(IllegalArgumentException.class, () -> new Hysteresis(1, 2, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new Hysteresis(1, Double.NaN, 1, 1));
    }
}
