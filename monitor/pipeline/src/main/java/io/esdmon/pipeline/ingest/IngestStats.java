package io.esdmon.pipeline.ingest;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/** Live counters of the ingest side, readable from any thread (health checks, metrics, tests). */
public final class IngestStats {

    final AtomicBoolean subscribed = new AtomicBoolean();
    final AtomicLong records = new AtomicLong();
    final AtomicLong snapshots = new AtomicLong();
    final AtomicLong analysesWritten = new AtomicLong();
    final AtomicLong deadLetters = new AtomicLong();
    final AtomicLong pauses = new AtomicLong();
    final AtomicBoolean paused = new AtomicBoolean();
    final AtomicLong incompleteSnapshots = new AtomicLong();
    final AtomicLong pending = new AtomicLong();
    final AtomicLong bytesInFlight = new AtomicLong();
    final AtomicLong peakPending = new AtomicLong();
    final AtomicLong peakBytesInFlight = new AtomicLong();
    final AtomicLong commits = new AtomicLong();
    final AtomicReference<String> loginFailure = new AtomicReference<>();
    final AtomicLong roomWaits = new AtomicLong();
    final AtomicLong waitingForRoom = new AtomicLong();
    final AtomicLong deadLettersLost = new AtomicLong();
    final AtomicReference<String> lastLostDeadLetter = new AtomicReference<>();

    void deadLetterLost(String what) {
        lastLostDeadLetter.set(what);
        deadLettersLost.incrementAndGet();
    }

    void pending(long n) {
        pending.set(n);
        peakPending.accumulateAndGet(n, Math::max);
    }

    void bytesInFlight(long n) {
        bytesInFlight.set(n);
        peakBytesInFlight.accumulateAndGet(n, Math::max);
    }

    /** Whether the consumer is subscribed to the snapshot topic (the monitor is consuming). */
    public boolean subscribed() {
        return subscribed.get();
    }

    /**
     * Why Kafka refuses the consumer's login (one line naming listener, mechanism and user), while it
     * does; empty once partitions are assigned or records flow.
     */
    public Optional<String> loginFailure() {
        return Optional.ofNullable(loginFailure.get());
    }

    /** Records consumed. */
    public long records() {
        return records.get();
    }

    /** Snapshots reassembled completely. */
    public long snapshots() {
        return snapshots.get();
    }

    /** Analyses acknowledged by the analysis sink. */
    public long analysesWritten() {
        return analysesWritten.get();
    }

    /** Dead letters acknowledged. */
    public long deadLetters() {
        return deadLetters.get();
    }

    /** How often the consumer paused because work backed up. */
    public long pauses() {
        return pauses.get();
    }

    /** Whether the consumer is paused now because work backed up. */
    public boolean paused() {
        return paused.get();
    }

    /** Chunked snapshots of which some chunks arrived and others are still awaited. */
    public long incompleteSnapshots() {
        return incompleteSnapshots.get();
    }

    /** Snapshots reassembled and not yet written. */
    public long pending() {
        return pending.get();
    }

    /** Bytes held for incomplete snapshots. */
    public long bytesInFlight() {
        return bytesInFlight.get();
    }

    /** The most snapshots pending at once since the start (the backpressure bound in action). */
    public long peakPending() {
        return peakPending.get();
    }

    /** The most bytes held for incomplete snapshots at once since the start (never above the configured cap). */
    public long peakBytesInFlight() {
        return peakBytesInFlight.get();
    }

    /** Successful offset commits. */
    public long commits() {
        return commits.get();
    }

    /** How often a partition was paused because the reassembly had no room for its next chunk. */
    public long roomWaits() {
        return roomWaits.get();
    }

    /** Records held back now until the reassembly has room (the first of each waiting partition and those after it). */
    public long waitingForRoom() {
        return waitingForRoom.get();
    }

    /**
     * Dead letters Kafka refused even shortened: their records were passed over without a trace on
     * the dead-letter topic. Above 0 the monitor is degraded and needs its dead-letter topic fixed.
     */
    public long deadLettersLost() {
        return deadLettersLost.get();
    }

    /** Which record's dead letter was lost last (topic-partition@offset and reason), if any. */
    public Optional<String> lastLostDeadLetter() {
        return Optional.ofNullable(lastLostDeadLetter.get());
    }

    @Override
    public String toString() {
        return "records=" + records() + " snapshots=" + snapshots() + " analyses=" + analysesWritten()
                + " deadLetters=" + deadLetters() + " pending=" + pending() + " peakPending=" + peakPending()
                + " paused=" + paused() + " pauses=" + pauses() + " incomplete=" + incompleteSnapshots()
                + " bytesInFlight=" + bytesInFlight() + " peakBytesInFlight=" + peakBytesInFlight()
                + " commits=" + commits() + " roomWaits=" + roomWaits() + " waitingForRoom=" + waitingForRoom()
                + " deadLettersLost=" + deadLettersLost();
    }
}
