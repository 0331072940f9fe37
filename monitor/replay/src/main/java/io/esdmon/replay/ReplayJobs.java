package io.esdmon.replay;

import io.esdmon.wire.Untrusted;
import io.esdmon.wire.topics.EsdTopics;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replays started on request (the dashboard's REST API), run on threads of their own, never on an
 * event loop: at most {@code concurrent} at a time, at most {@code maxQueued} waiting, more refused with
 * {@link Busy}. A replay identical to one queued or running (same run, same range as written, same
 * engine and classifier config) is refused with {@link Conflict}, since it would write the same records. Finished jobs are remembered (the newest
 * {@value #REMEMBERED}) so their outcome can be read.
 */
public final class ReplayJobs implements AutoCloseable {

    /** Finished jobs kept for {@link #get} and {@link #list}. */
    public static final int REMEMBERED = 100;

    private static final Logger LOG = LoggerFactory.getLogger(ReplayJobs.class);

    /** Where a job is. */
    public enum State { QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED }

    /**
     * A job as it stands.
     *
     * @param from       the range's start as it was asked for (empty: none)
     * @param to         the range's end as it was asked for (empty: none)
     * @param progress   the latest progress, once running
     * @param summary    what it did, once succeeded
     * @param error      why it failed
     */
    public record Status(String id, String run, String tag, String configId, String classifierConfigId, String from,
            String to, State state, Optional<ReplayProgress> progress, Optional<ReplaySummary> summary,
            Optional<String> error, Instant submittedAt, Optional<Instant> finishedAt) {
    }

    /** An identical replay is queued or running: {@link #runningId()} is its id. */
    public static final class Conflict extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final String runningId;

        Conflict(String runningId, String message) {
            super(message);
            this.runningId = runningId;
        }

        public String runningId() {
            return runningId;
        }
    }

    /** The queue is full: {@code maxQueued} replays wait already. */
    public static final class Busy extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Busy(String message) {
            super(message);
        }
    }

    private final Map<String, Object> kafka;
    private final EsdTopics topics;
    private final int workers;
    private final int concurrent;
    private final int maxQueued;
    private final Clock clock;
    private final ExecutorService executor;
    private final Map<String, Job> jobs = new LinkedHashMap<>();
    private final Map<String, String> active = new HashMap<>();

    /**
     * @param kafka       client properties of the cluster the replays read and write
     * @param workers     engine threads of each replay
     * @param concurrent  replays that run at once
     * @param maxQueued   replays that wait at most for one of those
     */
    public ReplayJobs(Map<String, Object> kafka, EsdTopics topics, int workers, int concurrent, int maxQueued,
            Clock clock) {
        if (workers < 1 || concurrent < 1 || maxQueued < 0) {
            throw new IllegalArgumentException("replays need at least one engine thread and one runner, and a queue"
                    + " of 0 or more, got " + workers + ", " + concurrent + " and " + maxQueued);
        }
        this.kafka = Map.copyOf(kafka);
        this.topics = topics;
        this.workers = workers;
        this.concurrent = concurrent;
        this.maxQueued = maxQueued;
        this.clock = clock;
        AtomicInteger n = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(concurrent, r -> {
            Thread t = new Thread(r, "esdmon-replay-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Queues a replay of {@code run} under the configuration in {@code configText} (the format of
     * {@link ReplayConfig#parse}), between {@code from} and {@code to} ({@link TimeSpec}; blank for an
     * open end), tagged {@code tag}.
     *
     * @throws IllegalArgumentException for bad input, saying what is wrong
     * @throws Conflict when an identical replay is queued or running
     * @throws Busy when {@code maxQueued} replays wait already
     */
    public Status start(String run, String configText, String tag, String from, String to) {
        ReplayConfig config = ReplayConfig.parse(configText, "the replay config");
        Instant now = clock.instant();
        String f = from == null ? "" : from.strip();
        String t = to == null ? "" : to.strip();
        ReplayRequest request = ReplayRequest.of(kafka, run, config).withTopics(topics).withWorkers(workers)
                .withTag(tag).withRange(f.isEmpty() ? Optional.empty() : Optional.of(TimeSpec.parse(f, now, "from")),
                        t.isEmpty() ? Optional.empty() : Optional.of(TimeSpec.parse(t, now, "to")));
        String key = String.join("\0", run, f, t, config.configId(), config.classifierConfigId());
        synchronized (this) {
            String running = active.get(key);
            if (running != null) {
                throw new Conflict(running, "replay " + running + " of run '" + run + "' with the same range and"
                        + " configuration (" + config.configId() + " / " + config.classifierConfigId() + ") is "
                        + jobs.get(running).state().name().toLowerCase(java.util.Locale.ROOT)
                        + "; it writes the same records (GET /api/replays/" + running + ")");
            }
            long queued = jobs.values().stream().filter(j -> j.state() == State.QUEUED).count();
            long runningNow = jobs.values().stream().filter(j -> j.state() == State.RUNNING).count();
            if (queued + runningNow >= concurrent + maxQueued) {
                throw new Busy(runningNow + " replay(s) running and " + queued + " queued, the most this server keeps"
                        + " waiting; retry once one has finished (GET /api/runs/{run}/replays shows them)");
            }
            Job job = new Job(request, f, t, now, key);
            jobs.put(request.id(), job);
            active.put(key, request.id());
            forgetOldJobs();
            executor.execute(job.task);
            return job.status();
        }
    }

    /** A job by id; empty when unknown or forgotten. */
    public synchronized Optional<Status> get(String id) {
        return Optional.ofNullable(jobs.get(id)).map(Job::status);
    }

    /** The jobs of a run (every run when {@code run} is null), newest first. */
    public synchronized List<Status> list(String run) {
        List<Status> out = new ArrayList<>();
        for (Job j : jobs.values()) {
            if (run == null || j.request.run().equals(run)) {
                out.add(j.status());
            }
        }
        out.sort(Comparator.comparing(Status::submittedAt).reversed());
        return out;
    }

    /** Cancels a queued or running job (what it wrote stays); false when it is unknown or already over. */
    public boolean cancel(String id) {
        Job job;
        synchronized (this) {
            job = jobs.get(id);
        }
        return job != null && job.task.cancel(true);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }

    private void forgetOldJobs() {
        long finished = jobs.values().stream().filter(j -> j.finishedAt != null).count();
        var it = jobs.values().iterator();
        while (finished > REMEMBERED && it.hasNext()) {
            if (it.next().finishedAt != null) {
                it.remove();
                finished--;
            }
        }
    }

    private synchronized void release(Job job) {
        active.remove(job.key, job.request.id());
    }

    /** One replay and what became of it; its fields are guarded by the job's monitor. */
    private final class Job {
        final ReplayRequest request;
        final String from;
        final String to;
        final Instant submittedAt;
        final String key;
        final FutureTask<Void> task;
        private State state = State.QUEUED;
        private ReplayProgress progress;
        private ReplaySummary summary;
        private String error;
        private volatile Instant finishedAt;
        private boolean started;

        Job(ReplayRequest request, String from, String to, Instant submittedAt, String key) {
            this.request = request;
            this.from = from;
            this.to = to;
            this.submittedAt = submittedAt;
            this.key = key;
            this.task = new FutureTask<>(this::run, null) {
                @Override
                protected void done() {
                    if (isCancelled() && !startedRunning()) { // cancelled in the queue: run() never releases it
                        finish(State.CANCELLED, null, "cancelled");
                        release(Job.this);
                    }
                }
            };
        }

        private void run() {
            synchronized (this) {
                state = State.RUNNING;
                started = true;
            }
            try {
                ReplaySummary s = Replay.run(request, p -> {
                    synchronized (this) {
                        progress = p;
                    }
                });
                finish(State.SUCCEEDED, s, null);
            } catch (InterruptedException e) {
                finish(State.CANCELLED, null, "cancelled");
            } catch (ReplayException | IllegalArgumentException e) {
                LOG.warn("replay {} of run {} failed: {}", request.id(), Untrusted.quote(request.run()), e.getMessage());
                finish(State.FAILED, null, e.getMessage());
            } catch (RuntimeException e) {
                LOG.error("replay {} of run {} failed", request.id(), Untrusted.quote(request.run()), e);
                finish(State.FAILED, null, "internal error: " + e);
            } finally {
                release(this);
            }
        }

        synchronized boolean startedRunning() {
            return started;
        }

        synchronized void finish(State s, ReplaySummary sum, String err) {
            if (finishedAt != null) {
                return;
            }
            state = s;
            summary = sum;
            error = err;
            finishedAt = clock.instant();
        }

        synchronized State state() {
            return state;
        }

        synchronized Status status() {
            return new Status(request.id(), request.run(), request.tag(), request.config().configId(),
                    request.config().classifierConfigId(), from, to, state, Optional.ofNullable(progress),
                    Optional.ofNullable(summary), Optional.ofNullable(error), submittedAt,
                    Optional.ofNullable(finishedAt));
        }
    }
}
