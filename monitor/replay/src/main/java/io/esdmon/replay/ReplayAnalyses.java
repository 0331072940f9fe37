package io.esdmon.replay;

import io.esdmon.pipeline.engine.AnalysisOutcome;
import io.esdmon.pipeline.engine.SnapshotAnalysis;
import io.esdmon.pipeline.phase.LayerPhases;
import io.esdmon.proto.LayerAnalysis;
import io.esdmon.proto.PhaseTransition;
import io.esdmon.wire.ProtoTypes;
import io.esdmon.wire.RecordKeys;
import io.esdmon.wire.snapshot.AssembledSnapshot;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The monitor's analysis path for a replay: each snapshot goes through the engine step the monitor's
 * engine pool runs ({@link SnapshotAnalysis}), on a pool of threads, and its analysis through the phase
 * state the monitor's phase stage keeps per layer ({@link LayerPhases}), in the order the snapshots were
 * submitted, although the pool finishes them in any order. A transition is written before the analysis
 * that confirms it, as live. At most twice as many snapshots as threads wait at a time.
 */
final class ReplayAnalyses implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ReplayAnalyses.class);

    private record Job(AssembledSnapshot snapshot, Future<AnalysisOutcome> outcome) {
    }

    private final SnapshotAnalysis engine;
    private final ReplayConfig config;
    private final ReplayOutputs outputs;
    private final ExecutorService pool;
    private final int maxPending;
    private final Duration timeout;
    private final Deque<Job> pending = new ArrayDeque<>();
    private final Map<String, LayerPhases> layers = new HashMap<>();
    private final Set<Long> steps = new HashSet<>();
    private volatile long submitted;
    private volatile long transitions;
    private volatile int layerCount;
    private long skipped;
    private long failed;

    /**
     * @param timeout  an analysis running longer is given up and counted as failed (the monitor's
     *                 analysisTimeout)
     */
    ReplayAnalyses(ReplayConfig config, int workers, Duration timeout, ReplayOutputs outputs, Clock clock) {
        this.engine = SnapshotAnalysis.of(config.analysis(), Optional.of(config.classifier()), clock);
        this.config = config;
        this.outputs = outputs;
        this.timeout = timeout;
        this.maxPending = 2 * workers;
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, "esdmon-replay-engine-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** Queues a snapshot for the engine; first finishes the oldest ones while too many wait. */
    void submit(AssembledSnapshot snapshot) throws InterruptedException {
        while (pending.size() >= maxPending) {
            finishOldest();
        }
        pending.addLast(new Job(snapshot, pool.submit(() -> engine.run(snapshot))));
        submitted++;
    }

    /** Finishes every queued snapshot. */
    void drain() throws InterruptedException {
        while (!pending.isEmpty()) {
            finishOldest();
        }
    }

    private void finishOldest() throws InterruptedException {
        Job job = pending.removeFirst();
        AnalysisOutcome outcome;
        try {
            outcome = job.outcome().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            outcome = new AnalysisOutcome.Failed(null, e.getCause().toString(), "engine");
        } catch (TimeoutException e) {
            job.outcome().cancel(true);
            outcome = new AnalysisOutcome.Failed(null, "no analysis within " + timeout, "engine");
        }
        if (outcome instanceof AnalysisOutcome.Analyzed a) {
            record(a.analysis());
        } else {
            AnalysisOutcome.Failed f = (AnalysisOutcome.Failed) outcome;
            failed++;
            LOG.warn("snapshot {} ({} at step {}) not analyzed ({}): {}", job.snapshot().header().getSnapshotId(),
                    job.snapshot().layerStep().getLayer(), job.snapshot().layerStep().getStep(), f.stage(),
                    f.detail());
        }
    }

    private void record(LayerAnalysis analysis) {
        String key = RecordKeys.layerKey(analysis.getLayerStep().getRunId(), analysis.getLayerStep().getLayer());
        LayerPhases phases = layers.computeIfAbsent(key, k -> new LayerPhases(config.classifier().hysteresis()));
        layerCount = layers.size();
        steps.add(analysis.getLayerStep().getStep());
        if (analysis.hasSkipped()) {
            skipped++;
        }
        // stamped with the analysis's own time, as the monitor's rebuild does: a replay detects it now
        LayerPhases.Observed observed = phases.observe(analysis, ProtoTypes.instant(analysis.getAnalyzedAt()));
        observed.transition().ifPresent(x -> {
            outputs.transition(x);
            transitions++;
        });
        outputs.analysis(observed.analysis());
    }

    /** Snapshots handed to the engine. */
    long submitted() {
        return submitted;
    }

    /** Distinct layers analyzed. */
    int layers() {
        return layerCount;
    }

    /** Distinct training steps analyzed. */
    int steps() {
        return steps.size();
    }

    long transitions() {
        return transitions;
    }

    long skipped() {
        return skipped;
    }

    long failed() {
        return failed;
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
