package io.esdmon.pipeline.ingest;

import java.util.TreeSet;

/**
 * Which offsets of one partition are safe to commit: a record is done once everything it led to
 * (an analysis, a dead letter) was acknowledged by Kafka. The committable offset is the lowest
 * offset not yet done, so a restart re-reads every record whose outputs might be missing
 * (at-least-once), while records done out of order wait for the ones before them.
 */
public final class PartitionProgress {

    private final TreeSet<Long> inProgress = new TreeSet<>();
    private long next = -1;
    private long committed = -1;

    /** A record was consumed; false when it was already in progress (offered again after waiting). */
    public boolean begin(long offset) {
        next = Math.max(next, offset + 1);
        return inProgress.add(offset);
    }

    /** Everything the record led to is acknowledged. */
    public void done(long offset) {
        inProgress.remove(offset);
    }

    /** The offset to commit (the next one to read after a restart), or -1 before any record. */
    public long committable() {
        return inProgress.isEmpty() ? next : inProgress.first();
    }

    /** Whether {@link #committable()} moved past the last commit. */
    public boolean hasNewProgress() {
        return committable() > committed;
    }

    /** Records that a commit of {@code offset} succeeded. */
    public void committed(long offset) {
        committed = Math.max(committed, offset);
    }

    /** Records consumed and not yet done. */
    public int inProgress() {
        return inProgress.size();
    }
}
