package io.esdmon.dashboard.replay;

import java.util.List;
import java.util.Optional;

/**
 * Replays the dashboard can start and watch ({@code POST /api/runs/{run}/replays},
 * {@code GET /api/replays/{id}}). The dashboard does not analyze anything itself: whoever embeds it
 * supplies this (esdmon's {@code serve} wires in the replay module). Implementations start work off the
 * caller's thread and return at once.
 */
public interface ReplayService extends AutoCloseable {

    /**
     * Starts a replay of {@code run}.
     *
     * @param configText  engine options, thresholds and hysteresis (docs/replay.md); empty for the defaults
     * @param tag         a name for the analysis version; may be empty
     * @param from        start of the range (ISO-8601 instant or a duration ago), blank for none
     * @param to          end of the range, blank for none
     * @throws IllegalArgumentException for bad input, saying what is wrong (answered 400)
     * @throws ReplayConflictException when an identical replay is queued or running (answered 409)
     * @throws ReplayBusyException when the queue is full (answered 429)
     */
    ReplayView start(String run, String configText, String tag, String from, String to);

    /** A replay by id; empty when unknown. */
    Optional<ReplayView> get(String id);

    /** The replays of a run, newest first. */
    List<ReplayView> list(String run);

    /** Cancels a queued or running replay; false when it is unknown or already over. */
    boolean cancel(String id);

    /** Stops the replays still running (what they wrote stays); the dashboard calls it when it closes. */
    @Override
    default void close() {
    }
}
