package io.esdmon.app.serve;

import io.esdmon.pipeline.MonitorConfig;
import io.esdmon.wire.snapshot.SnapshotAssembler;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * How much work the monitor holds at once (a picocli mixin): engine threads, snapshots waiting for
 * analysis before the consumer pauses (backpressure), and the reassembly bounds on bytes held for
 * snapshots still missing chunks.
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

    @Option(names = "--max-in-flight-mib", defaultValue = "1024", description = "bytes held for incomplete snapshots"
            + " together, MiB (default: ${DEFAULT-VALUE}); a snapshot that would exceed it is dead-lettered TOO_LARGE")
    long maxInFlightMib;

    @Option(names = "--incomplete-timeout-s", defaultValue = "300", description = "seconds from a snapshot's first"
            + " chunk to giving up on it as INCOMPLETE_SNAPSHOT (default: ${DEFAULT-VALUE})")
    long incompleteTimeoutSeconds;

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
                    maxInFlightMib << 20, Duration.ofSeconds(incompleteTimeoutSeconds)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--max-snapshot-mib must be 1..2047 and at most --max-in-flight-mib,"
                    + " --incomplete-timeout-s positive: " + e.getMessage());
        }
    }
}
