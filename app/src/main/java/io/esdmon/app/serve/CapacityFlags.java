package io.esdmon.app.serve;

import io.esdmon.pipeline.MonitorConfig;
import io.esdmon.wire.snapshot.SnapshotAssembler;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * How much work the monitor holds at once (a picocli mixin): engine threads, snapshots waiting for
 * analysis before the consumer pauses (backpressure), and the reassembly bounds on what is held for
 * snapshots still missing chunks (memory, their number, how long they may wait).
 */
public final class CapacityFlags {

    @Option(names = "--workers", description = "engine threads (default: one per core)")
    Integer workers;

    @Option(names = "--max-pending", description = "snapshots reassembled but not yet analyzed and written, at most;"
            + " at it the consumer pauses, at half of it it resumes (default: 2 per engine thread)")
    Integer maxPending;

    @Option(names = "--max-snapshot-mib", defaultValue = "512", description = "largest snapshot payload accepted, MiB"
            + " (default: ${DEFAULT-VALUE}); larger ones are dead-lettered TOO_LARGE at their first chunk")
    long maxSnapshotMib;

    @Option(names = "--max-in-flight-mib", defaultValue = "1024", description = "memory held for incomplete snapshots"
            + " together (chunks received, headers, bookkeeping), MiB (default: ${DEFAULT-VALUE}); a chunk that would"
            + " exceed it waits, its partition paused, until room frees")
    long maxInFlightMib;

    @Option(names = "--incomplete-timeout-s", defaultValue = "300", description = "seconds from a snapshot's first"
            + " chunk to giving up on it as INCOMPLETE_SNAPSHOT (default: ${DEFAULT-VALUE})")
    long incompleteTimeoutSeconds;

    @Option(names = "--max-incomplete", defaultValue = "" + SnapshotAssembler.DEFAULT_MAX_INCOMPLETE,
            description = "incomplete snapshots held at most, in all (default: ${DEFAULT-VALUE}); a new one beyond"
                    + " waits like a chunk without room")
    int maxIncomplete;

    @Option(names = "--max-incomplete-per-partition", defaultValue = ""
            + SnapshotAssembler.DEFAULT_MAX_INCOMPLETE_PER_PARTITION, description = "incomplete snapshots held at most"
                    + " per snapshot partition (default: ${DEFAULT-VALUE})")
    int maxIncompletePerPartition;

    @Option(names = "--incomplete-stall-s", defaultValue = "60", description = "an incomplete snapshot is given up"
            + " early when its partition holds a record published this many seconds after its last chunk, or, while"
            + " a chunk waits for room, when it got no chunk for this long (default: ${DEFAULT-VALUE})")
    long stallSeconds;

    /** {@code c} with these bounds; bad values are an IllegalArgumentException naming the flags. */
    public MonitorConfig applyTo(MonitorConfig c) {
        int threads = workers != null ? workers : c.workers();
        int pending = maxPending != null ? maxPending : 2 * threads;
        if (threads < 1 || pending < 1) {
            throw new IllegalArgumentException("--workers and --max-pending must be at least 1, got " + threads
                    + " and " + pending);
        }
        try {
            return c.withWorkers(threads, pending).withReassembly(new SnapshotAssembler.Limits(maxSnapshotMib << 20,
                    maxInFlightMib << 20, Duration.ofSeconds(incompleteTimeoutSeconds), maxIncomplete,
                    maxIncompletePerPartition, Duration.ofSeconds(stallSeconds)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--max-snapshot-mib must be 1..2047 and at most --max-in-flight-mib,"
                    + " --max-incomplete-per-partition 1.. and at most --max-incomplete, --incomplete-timeout-s and"
                    + " --incomplete-stall-s positive: " + e.getMessage());
        }
    }
}
