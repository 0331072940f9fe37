package io.esdmon.app.replay;

import io.esdmon.dashboard.replay.ReplayBusyException;
import io.esdmon.dashboard.replay.ReplayConflictException;
import io.esdmon.dashboard.replay.ReplayService;
import io.esdmon.dashboard.replay.ReplayView;
import io.esdmon.dashboard.store.HistoryStore;
import io.esdmon.replay.ReplayJobs;
import io.esdmon.replay.ReplayProgress;
import io.esdmon.replay.ReplaySummary;
import io.esdmon.wire.topics.EsdTopics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The dashboard's replays ({@code POST /api/runs/{run}/replays}) run by {@link ReplayJobs} in the
 * serving process: one replay at a time, a few others queued, more and identical ones refused.
 */
public final class DashboardReplays implements ReplayService {

    private final ReplayJobs jobs;
    private final Clock clock;

    public DashboardReplays(ReplayJobs jobs, Clock clock) {
        this.jobs = jobs;
        this.clock = clock;
    }

    /**
     * Replays against the cluster and topics the dashboard reads: one at a time, each on
     * {@code workers} engine threads, at most {@code maxQueued} waiting.
     */
    public static DashboardReplays on(Map<String, Object> kafka, EsdTopics topics, int workers, int maxQueued) {
        Clock clock = Clock.systemUTC();
        return new DashboardReplays(new ReplayJobs(kafka, topics, workers, 1, maxQueued, clock), clock);
    }

    @Override
    public ReplayView start(String run, String configText, String tag, String from, String to) {
        try {
            return view(jobs.start(run, configText, tag, from, to));
        } catch (ReplayJobs.Conflict e) {
            throw new ReplayConflictException(e.runningId(), e.getMessage());
        } catch (ReplayJobs.Busy e) {
            throw new ReplayBusyException(e.getMessage());
        }
    }

    @Override
    public Optional<ReplayView> get(String id) {
        return jobs.get(id).map(this::view);
    }

    @Override
    public List<ReplayView> list(String run) {
        return jobs.list(run).stream().map(this::view).toList();
    }

    @Override
    public boolean cancel(String id) {
        return jobs.cancel(id);
    }

    @Override
    public void close() {
        jobs.close();
    }

    ReplayView view(ReplayJobs.Status s) {
        Optional<ReplayProgress> p = s.progress();
        Optional<ReplaySummary> sum = s.summary();
        Instant end = s.finishedAt().orElse(clock.instant());
        long elapsed = sum.map(x -> x.took().toMillis())
                .orElseGet(() -> p.map(x -> x.elapsed().toMillis()).orElse(0L));
        if (sum.isEmpty() && s.state() != ReplayJobs.State.RUNNING && s.state() != ReplayJobs.State.QUEUED) {
            elapsed = Math.max(elapsed, Duration.between(s.submittedAt(), end).toMillis());
        }
        long read = sum.map(ReplaySummary::recordsRead).orElseGet(() -> p.map(ReplayProgress::recordsRead).orElse(0L));
        long total = p.map(ReplayProgress::recordsTotal).orElse(sum.isPresent() ? read : 0L);
        return new ReplayView(s.id(), s.run(), s.tag(), HistoryStore.versionId(s.configId(), s.classifierConfigId()), s.from(), s.to(),
                s.state().name().toLowerCase(Locale.ROOT), read, total,
                sum.map(ReplaySummary::snapshots).orElseGet(() -> p.map(ReplayProgress::snapshots).orElse(0L)),
                sum.map(ReplaySummary::layers).orElseGet(() -> p.map(ReplayProgress::layers).orElse(0)),
                sum.map(ReplaySummary::analysesWritten)
                        .orElseGet(() -> p.map(ReplayProgress::analysesWritten).orElse(0L)),
                sum.map(ReplaySummary::transitions).orElseGet(() -> p.map(ReplayProgress::transitions).orElse(0L)),
                elapsed, sum.isPresent() ? 0 : p.flatMap(ReplayProgress::eta).map(Duration::toMillis).orElse(-1L),
                s.error().orElse(""), sum.map(ReplaySummary::lines).orElse(List.of()));
    }
}
