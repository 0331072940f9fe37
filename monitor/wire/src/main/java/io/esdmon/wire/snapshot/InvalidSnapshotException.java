package io.esdmon.wire.snapshot;

import io.esdmon.proto.DeadLetterReason;

/** A snapshot breaks a rule of the wire format; the message says which and what to send instead. */
public final class InvalidSnapshotException extends IllegalArgumentException {

    private final DeadLetterReason reason;

    public InvalidSnapshotException(DeadLetterReason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public InvalidSnapshotException(String message) {
        this(DeadLetterReason.INVALID_SNAPSHOT, message);
    }

    /** The dead-letter reason this rejection maps to. */
    public DeadLetterReason reason() {
        return reason;
    }
}
