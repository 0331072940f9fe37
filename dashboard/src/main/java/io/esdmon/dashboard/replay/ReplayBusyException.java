package io.esdmon.dashboard.replay;

/** As many replays as the server keeps are queued already: retry once one has finished. */
public final class ReplayBusyException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ReplayBusyException(String message) {
        super(message);
    }
}
