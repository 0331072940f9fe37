package io.esdmon.dashboard.store;

import io.esdmon.dashboard.events.EventLog;
import io.esdmon.dashboard.json.RecordJson;
import io.esdmon.proto.LayerAnalysis;
import io.esdmon.proto.PhaseTransition;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * The dashboard's bounded memory of runs, fed with the analyses and transitions read from Kafka
 * (in any order, with redeliveries) and read by the REST handlers. Every record that changes the
 * store also becomes a live event in the {@link EventLog}, under the same lock, so every read
 * reports the event id its state corresponds to ({@link Versioned}).
 *
 * <p>Thread safe: one writer (the Kafka feed) and any number of readers.
 */
public final class HistoryStore {

    /** Transitions shown in a run's summary. */
    public static final int SUMMARY_TRANSITIONS = 5;
    /** Ids remembered for de-duplication beyond those of the points held (per generation). */
    static final int RECENT_IDS = 1 << 18;

    private final StoreBounds bounds;
    private final EventLog events;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final Map<String, RunHistory> runs = new HashMap<>();
    private final RecentIds analysisIds = new RecentIds(RECENT_IDS);
    private final RecentIds transitionIds = new RecentIds(RECENT_IDS);
    private final Deque<StoredTransition> feed = new ArrayDeque<>();
    private final Map<Long, LayerAnalysis> fetched;
    private long analyses;
    private long transitions;
    private long duplicates;
    private long evictedRuns;

    public HistoryStore(StoreBounds bounds, EventLog events) {
        this.bounds = bounds;
        this.events = events;
        int lru = bounds.onDemandCache();
        this.fetched = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, LayerAnalysis> eldest) {
                return size() > lru;
            }
        };
    }

    public StoreBounds bounds() {
        return bounds;
    }

    public EventLog events() {
        return events;
    }

    /**
     * Takes an analysis; returns true when it changed the store (a new step, or a re-analysis of a
     * step) and was published as a live event, false for a redelivery.
     */
    public boolean addAnalysis(LayerAnalysis a, RecordPosition position) {
        String runId = a.getLayerStep().getRunId();
        String layerName = a.getLayerStep().getLayer();
        if (runId.isEmpty() || layerName.isEmpty()) {
            throw new IllegalArgumentException("an analysis needs a run id and a layer name, got run '" + runId
                    + "' layer '" + layerName + "' (analysis " + a.getAnalysisId() + ")");
        }
        long idHash = idHash(a.getAnalysisId());
        lock.writeLock().lock();
        try {
            if (!analysisIds.add(idHash)) {
                duplicates++;
                return false;
            }
            RunHistory run = runs.get(runId);
            if (run == null) {
                run = newRun(runId);
            }
            LayerHistory layer = run.layer(layerName, bounds.maxPointsPerLayer());
            long step = a.getLayerStep().getStep();
            double[] values = new double[SeriesMetric.all().length];
            for (SeriesMetric m : SeriesMetric.all()) {
                values[m.ordinal()] = m.of(a);
            }
            LayerSeries.PutResult put = layer.series.put(step, PhaseCode.of(a), values, idHash, position);
            if (put == LayerSeries.PutResult.DUPLICATE) {
                duplicates++;
                return false;
            }
            if (a.getLayerStep().getLayerIndex() >= 0) {
                layer.layerIndex = a.getLayerStep().getLayerIndex();
            }
            layer.kind = a.getLayerStep().getKind().name();
            layer.rememberDetail(a, bounds.detailedPerLayer());
            if (step >= run.lastStep) {
                run.lastStep = step;
                run.lastEpoch = a.getLayerStep().getEpoch();
                run.tags.putAll(a.getLayerStep().getTagsMap());
            }
            run.firstStep = Math.min(run.firstStep, step);
            run.touch(position.timestampMs());
            run.analyses++;
            analyses++;
            events.append("analysis", RecordJson.analysisCompact(a).encode());
            return true;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Takes a transition; returns true when it was new and published as a live event. */
    public boolean addTransition(PhaseTransition t, RecordPosition position) {
        String runId = t.getLayerStep().getRunId();
        if (runId.isEmpty()) {
            throw new IllegalArgumentException("a transition needs a run id (transition " + t.getTransitionId() + ")");
        }
        Long detected = RecordJson.millis(t.getDetectedAt());
        StoredTransition st = new StoredTransition(t, detected != null ? detected : position.timestampMs());
        lock.writeLock().lock();
        try {
            if (!transitionIds.add(idHash(t.getTransitionId()))) {
                duplicates++;
                return false;
            }
            RunHistory run = runs.get(runId);
            if (run == null) {
                run = newRun(runId);
            }
            run.transitions.addLast(st);
            trim(run.transitions, bounds.transitionsPerRun());
            run.touch(position.timestampMs());
            feed.addLast(st);
            trim(feed, bounds.transitionFeed());
            transitions++;
            events.append("transition", RecordJson.transition(st).encode());
            return true;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** The runs, most recently active first. */
    public Versioned<List<RunSummary>> runs(long nowMs, long liveWindowMs) {
        return read(() -> {
            List<RunSummary> out = new ArrayList<>();
            for (RunHistory r : runs.values()) {
                out.add(summary(r, nowMs, liveWindowMs));
            }
            out.sort(Comparator.comparingLong(RunSummary::lastRecordMs).reversed().thenComparing(RunSummary::run));
            return out;
        });
    }

    /** The layers of a run in model order; empty when the run is unknown. */
    public Optional<Versioned<List<LayerInfo>>> layers(String runId) {
        return readRun(runId, run -> {
            List<LayerInfo> out = new ArrayList<>();
            for (LayerHistory l : run.ordered()) {
                LayerSeries s = l.series;
                int last = s.size() - 1;
                Map<String, Double> latest = new LinkedHashMap<>();
                for (SeriesMetric m : SeriesMetric.all()) {
                    latest.put(m.column(), s.metric(m, last));
                }
                out.add(new LayerInfo(l.name, l.layerIndex, l.kind, s.size(), s.thinnings() > 0, s.step(last),
                        PhaseCode.name(s.phase(last)), latest));
            }
            return out;
        });
    }

    /**
     * Series of a run's layers between two steps (inclusive). {@code layers} empty means every layer;
     * unknown layer names are left out. Empty when the run is unknown.
     */
    public Optional<Versioned<List<SeriesSlice>>> series(String runId, Collection<String> layers, long from, long to,
            Collection<SeriesMetric> metrics) {
        return readRun(runId, run -> {
            List<SeriesSlice> out = new ArrayList<>();
            for (LayerHistory l : run.ordered()) {
                if (!layers.isEmpty() && !layers.contains(l.name)) {
                    continue;
                }
                out.add(slice(l, from, to, metrics));
            }
            return out;
        });
    }

    /** A run's phase timeline: one row per layer in model order. Empty when the run is unknown. */
    public Optional<Versioned<List<TimelineRow>>> timeline(String runId) {
        return readRun(runId, run -> {
            List<TimelineRow> out = new ArrayList<>();
            for (LayerHistory l : run.ordered()) {
                out.add(timelineRow(l));
            }
            return out;
        });
    }

    /** A run's transitions, oldest first. Empty when the run is unknown. */
    public Optional<Versioned<List<StoredTransition>>> runTransitions(String runId) {
        return readRun(runId, run -> List.copyOf(run.transitions));
    }

    /**
     * Transitions of all runs (or of {@code runId} when not null) detected at or after
     * {@code sinceMs}, newest first, at most {@code limit}.
     */
    public Versioned<List<StoredTransition>> transitions(long sinceMs, String runId, int limit) {
        return read(() -> {
            List<StoredTransition> out = new ArrayList<>();
            Iterator<StoredTransition> it = runId == null ? feed.descendingIterator()
                    : runs.containsKey(runId) ? runs.get(runId).transitions.descendingIterator()
                    : java.util.Collections.emptyIterator();
            while (it.hasNext() && out.size() < limit) {
                StoredTransition t = it.next();
                if (t.timeMs() >= sinceMs) {
                    out.add(t);
                }
            }
            return out;
        });
    }

    /**
     * Where the full analysis of a layer at a step is: in memory or in Kafka. With {@code nearest},
     * the point nearest to {@code step} is taken when that step is not held (thinned or never seen).
     */
    public Optional<DetailLookup> analysis(String runId, String layerName, long step, boolean nearest) {
        lock.readLock().lock();
        try {
            RunHistory run = runs.get(runId);
            LayerHistory layer = run == null ? null : run.layers.get(layerName);
            if (layer == null) {
                return Optional.empty();
            }
            int i = nearest ? layer.series.nearest(step) : layer.series.indexOf(step);
            if (i < 0) {
                return Optional.empty();
            }
            long found = layer.series.step(i);
            long idHash = layer.series.idHash(i);
            Optional<LayerAnalysis> held = layer.detail(found, idHash);
            if (held.isEmpty()) {
                synchronized (fetched) {
                    held = Optional.ofNullable(fetched.get(idHash));
                }
            }
            return Optional.of(new DetailLookup(found, held, layer.series.position(i), idHash));
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Keeps an analysis read back from Kafka in the on-demand cache. */
    public void cacheFetched(LayerAnalysis a) {
        if (bounds.onDemandCache() == 0) {
            return;
        }
        synchronized (fetched) {
            fetched.put(idHash(a.getAnalysisId()), a);
        }
    }

    /** Counters for the status endpoint. */
    public StoreStats stats() {
        lock.readLock().lock();
        try {
            int layers = 0;
            long points = 0;
            for (RunHistory r : runs.values()) {
                layers += r.layers.size();
                for (LayerHistory l : r.layers.values()) {
                    points += l.series.size();
                }
            }
            return new StoreStats(runs.size(), layers, points, analyses, transitions, duplicates, evictedRuns);
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * A 64-bit hash of a record id: its first 16 hex digits (esdmon ids are hex digests), or a
     * hash of its bytes for any other id.
     */
    public static long idHash(String id) {
        if (id.length() >= 16) {
            try {
                return Long.parseUnsignedLong(id.substring(0, 16), 16);
            } catch (NumberFormatException e) {
                // not hex: hashed below
            }
        }
        long h = 0xcbf29ce484222325L; // FNV-1a
        for (byte b : id.getBytes(StandardCharsets.UTF_8)) {
            h = (h ^ (b & 0xff)) * 0x100000001b3L;
        }
        return h;
    }

    private RunHistory newRun(String runId) {
        if (runs.size() >= bounds.maxRuns()) {
            RunHistory oldest = runs.values().stream().min(Comparator.comparingLong(r -> r.lastRecordMs)).orElseThrow();
            runs.remove(oldest.run);
            feed.removeIf(t -> t.transition().getLayerStep().getRunId().equals(oldest.run));
            evictedRuns++;
        }
        RunHistory run = new RunHistory(runId);
        runs.put(runId, run);
        return run;
    }

    private RunSummary summary(RunHistory r, long nowMs, long liveWindowMs) {
        Map<String, Integer> phases = new TreeMap<>();
        double alphaSum = 0;
        int alphas = 0;
        for (LayerHistory l : r.layers.values()) {
            int last = l.series.size() - 1;
            phases.merge(PhaseCode.name(l.series.phase(last)), 1, Integer::sum);
            double alpha = l.series.metric(SeriesMetric.ALPHA, last);
            if (Double.isFinite(alpha)) {
                alphaSum += alpha;
                alphas++;
            }
        }
        List<StoredTransition> recent = new ArrayList<>();
        Iterator<StoredTransition> it = r.transitions.descendingIterator();
        while (it.hasNext() && recent.size() < SUMMARY_TRANSITIONS) {
            recent.add(it.next());
        }
        boolean live = r.lastRecordMs != Long.MIN_VALUE && nowMs - r.lastRecordMs <= liveWindowMs;
        boolean any = r.lastStep != Long.MIN_VALUE;
        return new RunSummary(r.run, Map.copyOf(r.tags), any ? r.firstStep : -1, any ? r.lastStep : -1, r.lastEpoch,
                r.lastRecordMs, live, r.layers.size(), phases, alphas == 0 ? Double.NaN : alphaSum / alphas, r.analyses,
                recent);
    }

    private static SeriesSlice slice(LayerHistory l, long from, long to, Collection<SeriesMetric> metrics) {
        LayerSeries s = l.series;
        int start = s.indexOf(from);
        start = start >= 0 ? start : -start - 1;
        int end = s.indexOf(to);
        end = end >= 0 ? end + 1 : -end - 1;
        int n = Math.max(0, end - start);
        long[] steps = new long[n];
        byte[] phases = new byte[n];
        Map<String, double[]> columns = new LinkedHashMap<>();
        for (SeriesMetric m : metrics) {
            double[] v = new double[n];
            for (int i = 0; i < n; i++) {
                v[i] = s.metric(m, start + i);
            }
            columns.put(m.column(), v);
        }
        for (int i = 0; i < n; i++) {
            steps[i] = s.step(start + i);
            phases[i] = s.phase(start + i);
        }
        return new SeriesSlice(l.name, steps, phases, columns);
    }

    private static TimelineRow timelineRow(LayerHistory l) {
        LayerSeries s = l.series;
        int segments = 0;
        for (int i = 0; i < s.size(); i++) {
            if (i == 0 || s.phase(i) != s.phase(i - 1)) {
                segments++;
            }
        }
        long[] starts = new long[segments];
        byte[] phases = new byte[segments];
        int k = 0;
        for (int i = 0; i < s.size(); i++) {
            if (i == 0 || s.phase(i) != s.phase(i - 1)) {
                starts[k] = s.step(i);
                phases[k++] = s.phase(i);
            }
        }
        return new TimelineRow(l.name, l.layerIndex, starts, phases, s.step(s.size() - 1));
    }

    private <T> Versioned<T> read(Supplier<T> reader) {
        lock.readLock().lock();
        try {
            return new Versioned<>(reader.get(), events.sseId(events.lastId()));
        } finally {
            lock.readLock().unlock();
        }
    }

    private <T> Optional<Versioned<T>> readRun(String runId, java.util.function.Function<RunHistory, T> reader) {
        lock.readLock().lock();
        try {
            RunHistory run = runs.get(runId);
            return run == null ? Optional.empty()
                    : Optional.of(new Versioned<>(reader.apply(run), events.sseId(events.lastId())));
        } finally {
            lock.readLock().unlock();
        }
    }

    private static <T> void trim(Deque<T> deque, int max) {
        while (deque.size() > max) {
            deque.removeFirst();
        }
    }
}
