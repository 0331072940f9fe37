package io.esdmon.app.demo;

import io.esdmon.trainer.SnapshotListener;
import io.esdmon.trainer.TrainingSnapshot;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Keeps training from running ahead of the monitor: before a snapshot is passed on, the training
 * thread waits while more than {@code limit} published layers are still waiting for their analysis.
 * Trainers and the monitor share the machine's cores; without this, trainers that take them all
 * leave the dashboard minutes behind on a busy machine. A wait never exceeds {@code maxWait} (a
 * stalled monitor slows training, it does not stop it), and {@link #release()} ends all waiting.
 */
final class Pacer implements SnapshotListener {

    private static final long POLL_MILLIS = 20;

    private final SnapshotListener next;
    private final LongSupplier backlog;
    private final long limit;
    private final Duration maxWait;
    private volatile boolean released;

    /**
     * @param next     where snapshots go after the wait
     * @param backlog  layers published but not yet analyzed
     * @param limit    the backlog above which a training thread waits
     * @param maxWait  the longest one snapshot waits
     */
    Pacer(SnapshotListener next, LongSupplier backlog, long limit, Duration maxWait) {
        if (limit < 0 || maxWait.isNegative()) {
            throw new IllegalArgumentException("limit and maxWait must not be negative, got " + limit + " and "
                    + maxWait);
        }
        this.next = next;
        this.backlog = backlog;
        this.limit = limit;
        this.maxWait = maxWait;
    }

    @Override
    public void onSnapshot(TrainingSnapshot snapshot) {
        long deadline = System.nanoTime() + maxWait.toNanos();
        while (!released && backlog.getAsLong() > limit && System.nanoTime() - deadline < 0) {
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        next.onSnapshot(snapshot);
    }

    /** Lets every waiting and future snapshot through at once (when the demo stops). */
    void release() {
        released = true;
    }
}
