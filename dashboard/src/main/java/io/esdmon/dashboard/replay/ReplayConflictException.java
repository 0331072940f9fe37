package io.esdmon.dashboard.replay;

/** An identical replay (same run, range and configuration) is queued or running. */
public final class ReplayConflictException extends RuntimeException {

    private static final long serialVersionUID = 1L;
    private final String runningId;

    public ReplayConflictException(String runningId, String message) {
        super(message);
        this.runningId = runningId;
    }

    /** The id of the replay already queued or running. */
    public String runningId() {
        return runningId;
    }
}
