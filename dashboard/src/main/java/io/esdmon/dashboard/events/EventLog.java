package io.esdmon.dashboard.events;

import java.util.ArrayList;
import java.util.List;

/**
 * The live event stream with a bounded replay buffer. Ids are consecutive from 1, so a client that
 * saw id {@code n} resumes with every event after {@code n}, or learns that the buffer has moved
 * past it and it must reload. Thread safe: one writer appends, event-loop readers copy out.
 */
public final class EventLog {

    private final String stream;
    private final DashboardEvent[] ring;
    private long lastId;
    private volatile Runnable listener = () -> { };

    /**
     * @param stream    names this stream (e.g. the start time in base 36): ids of another stream are
     *                  not resumable
     * @param capacity  events kept for replay
     */
    public EventLog(String stream, int capacity) {
        if (stream == null || stream.isEmpty() || stream.contains("-")) {
            throw new IllegalArgumentException("an event stream name is non-empty and has no '-', got " + stream);
        }
        if (capacity < 1) {
            throw new IllegalArgumentException("the replay buffer holds at least one event, got " + capacity);
        }
        this.stream = stream;
        ring = new DashboardEvent[capacity];
    }

    /** Appends an event, tells the listener, and returns the event with its id. */
    public DashboardEvent append(String type, String json) {
        DashboardEvent e;
        synchronized (this) {
            e = new DashboardEvent(stream, lastId + 1, type, json);
            ring[(int) (e.id() % ring.length)] = e;
            lastId = e.id();
        }
        listener.run();
        return e;
    }

    /** Sets what to run after each append (on the appending thread; it must be quick). */
    public void onAppend(Runnable listener) {
        this.listener = listener;
    }

    /** The name of this stream. */
    public String stream() {
        return stream;
    }

    /** The SSE id a client holds after seeing every event up to {@code id}. */
    public String sseId(long id) {
        return stream + "-" + id;
    }

    /**
     * The event id to resume after, from an SSE id {@code <stream>-<n>} a client received. Throws
     * {@link GapException} when the id belongs to another stream (the dashboard restarted) or is
     * malformed: the client's state cannot be continued then.
     */
    public long resumeAfter(String sseId) {
        int dash = sseId.lastIndexOf('-');
        if (dash > 0 && sseId.substring(0, dash).equals(stream)) {
            try {
                long n = Long.parseLong(sseId.substring(dash + 1));
                if (n >= 0) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // answered below
            }
        }
        throw new GapException("event id '" + sseId + "' is not from this dashboard's stream " + stream
                + " (it restarted); reload the page to start from the current state");
    }

    /** The id of the newest event, 0 before the first. */
    public synchronized long lastId() {
        return lastId;
    }

    /** The oldest id still held (lastId + 1 when empty). */
    public synchronized long oldestId() {
        return Math.max(1, lastId - ring.length + 1);
    }

    /**
     * Up to {@code max} events after {@code afterId}, oldest first; empty when there are none yet.
     * Throws {@link GapException} when events right after {@code afterId} were already dropped, or
     * when {@code afterId} was never issued.
     */
    public synchronized List<DashboardEvent> after(long afterId, int max) {
        if (afterId > lastId) {
            throw new GapException("event " + afterId + " was never issued (the newest is " + lastId
                    + "); reload the page to start from the current state");
        }
        if (afterId + 1 < oldestId()) {
            throw new GapException("events after " + afterId + " are gone (the replay buffer starts at " + oldestId()
                    + "); reload the page to start from the current state");
        }
        int n = (int) Math.min(max, lastId - afterId);
        List<DashboardEvent> out = new ArrayList<>(n);
        for (long id = afterId + 1; id <= afterId + n; id++) {
            out.add(ring[(int) (id % ring.length)]);
        }
        return out;
    }

    /** A client cannot resume where it asked to: it must reload its state. */
    public static final class GapException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        GapException(String message) {
            super(message);
        }
    }
}
