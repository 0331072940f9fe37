package io.esdmon.dashboard.store;

import io.esdmon.dashboard.events.EventLog;
import io.esdmon.dashboard.json.RecordJson;
import io.esdmon.proto.LayerAnalysis;
import io.esdmon.proto.PhaseTransition;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
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
 * <p>A run's records are kept apart by analysis version, one per (config_id, classifier_config_id):
 * the monitor's, and those replays wrote under other configurations ({@link VersionInfo}). Reads name
 * a version or get the primary one, the version the monitor wrote last. At most
 * {@value #MAX_VERSIONS_PER_RUN} versions are kept per run; beyond, the stalest one other than the
 * primary goes.
 *
 * <p>Thread safe: one writer (the Kafka feed) and any number of readers.
 */
public final class HistoryStore {

    /** Transitions shown in a run's summary. */
    public static final int SUMMARY_TRANSITIONS = 5;
    /** Ids remembered for de-duplication beyond those of the points held (per generation). */
    static final int RECENT_IDS = 1 << 18;
    /** Analysis versions kept per run. */
    public static final int MAX_VERSIONS_PER_RUN = 8;

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

    /** Takes an analysis the monitor wrote; see {@link #addAnalysis(LayerAnalysis, RecordPosition, RecordOrigin)}. */
    public boolean addAnalysis(LayerAnalysis a, RecordPosition position) {
        return addAnalysis(a, position, RecordOrigin.MONITOR);
    }

    /**
     * Takes an analysis into its run's version; returns true when it changed the store (a new step, or
     * a re-analysis of a step) and was published as a live event, false for a redelivery. A replay under
     * the monitor's configuration writes the monitor's analyses again: they are redeliveries, and only
     * the replay's tag is noted on the version.
     */
    public boolean addAnalysis(LayerAnalysis a, RecordPosition position, RecordOrigin origin) {
        String runId = a.getLayerStep().getRunId();
        String layerName = a.getLayerStep().getLayer();
        if (runId.isEmpty() || layerName.isEmpty()) {
            throw new IllegalArgumentException("an analysis needs a run id and a layer name, got run '" + runId
                    + "' layer '" + layerName + "' (analysis " + a.getAnalysisId() + ")");
        }
        long key = analysisKey(a);
        lock.writeLock().lock();
        try {
            RunHistory run = runs.get(runId);
            if (run == null) {
                run = newRun(runId);
            }
            VersionHistory version = run.version(a.getConfigId(), a.getPhase().getClassifierConfigId(),
                    MAX_VERSIONS_PER_RUN);
            version.note(origin, position.timestampMs());
            if (!analysisIds.add(key)) {
                duplicates++;
                return false;
            }
            LayerHistory layer = version.layer(layerName, bounds.maxPointsPerLayer());
            long step = a.getLayerStep().getStep();
            double[] values = new double[SeriesMetric.all().length];
            for (SeriesMetric m : SeriesMetric.all()) {
                values[m.ordinal()] = m.of(a);
            }
            LayerSeries.PutResult put = layer.series.put(step, PhaseCode.of(a), values, key, position);
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
            version.firstStep = Math.min(version.firstStep, step);
            version.lastStep = Math.max(version.lastStep, step);
            run.touch(position.timestampMs(), origin);
            run.analyses++;
            version.analyses++;
            analyses++;
            events.append("analysis", RecordJson.analysisCompact(a).encode());
            return true;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Takes a transition the monitor wrote; see {@link #addTransition(PhaseTransition, RecordPosition, RecordOrigin)}. */
    public boolean addTransition(PhaseTransition t, RecordPosition position) {
        return addTransition(t, position, RecordOrigin.MONITOR);
    }

    /**
     * Takes a transition into its run's version; returns true when it was new and published as a live
     * event. Only the monitor's transitions enter the cross-run feed: a replay's re-label the past.
     */
    public boolean addTransition(PhaseTransition t, RecordPosition position, RecordOrigin origin) {
        String runId = t.getLayerStep().getRunId();
        if (runId.isEmpty()) {
            throw new IllegalArgumentException("a transition needs a run id (transition " + t.getTransitionId() + ")");
        }
        Long detected = RecordJson.millis(t.getDetectedAt());
        StoredTransition st = new StoredTransition(t, detected != null ? detected : position.timestampMs(), origin);
        lock.writeLock().lock();
        try {
            RunHistory run = runs.get(runId);
            if (run == null) {
                run = newRun(runId);
            }
            VersionHistory version = run.version(t.getConfigId(), t.getClassifierConfigId(), MAX_VERSIONS_PER_RUN);
            version.note(origin, position.timestampMs());
            if (!transitionIds.add(idHash(t.getTransitionId()))) {
                duplicates++;
                return false;
            }
            version.transitions.addLast(st);
            trim(version.transitions, bounds.transitionsPerRun());
            run.touch(position.timestampMs(), origin);
            if (!origin.isReplay()) {
                feed.addLast(st);
                trim(feed, bounds.transitionFeed());
            }
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

    /** A run's analysis versions, primary first, then in order of first appearance; empty when the run is unknown. */
    public Optional<Versioned<List<VersionInfo>>> versions(String runId) {
        return readRun(runId, run -> {
            VersionHistory primary = run.primary().orElse(null);
            List<VersionInfo> out = new ArrayList<>();
            for (VersionHistory v : run.listed()) {
                List<LayerHistory> layers = run.ordered(v);
                out.add(new VersionInfo(v.id, v.configId, v.classifierConfigId, List.copyOf(v.tags),
                        List.copyOf(v.replays), v.writtenByMonitor(), v == primary, layers.size(), v.analyses,
                        v.transitions.size(), v.lastStep == Long.MIN_VALUE ? -1 : v.firstStep,
                        v.lastStep == Long.MIN_VALUE ? -1 : v.lastStep, v.lastRecordMs));
            }
            out.sort(Comparator.comparing((VersionInfo v) -> !v.primary()));
            return out;
        });
    }

    /** The layers of a run's primary version in model order; empty when the run is unknown. */
    public Optional<Versioned<List<LayerInfo>>> layers(String runId) {
        return layers(runId, null);
    }

    /** The layers of a version ({@code null}: the primary one); empty when the run or the version is unknown. */
    public Optional<Versioned<List<LayerInfo>>> layers(String runId, String version) {
        return readVersion(runId, version, (run, v) -> {
            List<LayerInfo> out = new ArrayList<>();
            for (LayerHistory l : run.ordered(v)) {
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

    /** Series of the primary version; see {@link #series(String, String, Collection, long, long, Collection)}. */
    public Optional<Versioned<List<SeriesSlice>>> series(String runId, Collection<String> layers, long from, long to,
            Collection<SeriesMetric> metrics) {
        return series(runId, null, layers, from, to, metrics);
    }

    /**
     * Series of a version's layers between two steps (inclusive). {@code layers} empty means every layer;
     * unknown layer names are left out. Empty when the run or the version is unknown.
     */
    public Optional<Versioned<List<SeriesSlice>>> series(String runId, String version, Collection<String> layers,
            long from, long to, Collection<SeriesMetric> metrics) {
        return readVersion(runId, version, (run, v) -> {
            List<SeriesSlice> out = new ArrayList<>();
            for (LayerHistory l : run.ordered(v)) {
                if (!layers.isEmpty() && !layers.contains(l.name)) {
                    continue;
                }
                out.add(slice(l, from, to, metrics));
            }
            return out;
        });
    }

    /** The primary version's phase timeline. Empty when the run is unknown. */
    public Optional<Versioned<List<TimelineRow>>> timeline(String runId) {
        return timeline(runId, null);
    }

    /** A version's phase timeline: one row per layer in model order. Empty when the run or version is unknown. */
    public Optional<Versioned<List<TimelineRow>>> timeline(String runId, String version) {
        return readVersion(runId, version, (run, v) -> {
            List<TimelineRow> out = new ArrayList<>();
            for (LayerHistory l : run.ordered(v)) {
                out.add(timelineRow(l));
            }
            return out;
        });
    }

    /** The primary version's transitions, oldest first. Empty when the run is unknown. */
    public Optional<Versioned<List<StoredTransition>>> runTransitions(String runId) {
        return runTransitions(runId, null);
    }

    /** A version's transitions, oldest first. Empty when the run or the version is unknown. */
    public Optional<Versioned<List<StoredTransition>>> runTransitions(String runId, String version) {
        return readVersion(runId, version, (run, v) -> List.copyOf(v.transitions));
    }

    /**
     * Transitions the monitor wrote of all runs, or of {@code runId}'s primary version when not null,
     * detected at or after {@code sinceMs}, newest first, at most {@code limit}.
     */
    public Versioned<List<StoredTransition>> transitions(long sinceMs, String runId, int limit) {
        return read(() -> {
            List<StoredTransition> out = new ArrayList<>();
            Iterator<StoredTransition> it = runId == null ? feed.descendingIterator()
                    : runs.containsKey(runId) ? runs.get(runId).primary().map(v -> v.transitions.descendingIterator())
                            .orElse(java.util.Collections.emptyIterator())
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

    /** A detail of the primary version; see {@link #analysis(String, String, String, long, boolean)}. */
    public Optional<DetailLookup> analysis(String runId, String layerName, long step, boolean nearest) {
        return analysis(runId, null, layerName, step, nearest);
    }

    /**
     * Where the full analysis of a layer at a step of a version ({@code null}: the primary one) is: in
     * memory or in Kafka. With {@code nearest}, the point nearest to {@code step} is taken when that step
     * is not held (thinned or never seen).
     */
    public Optional<DetailLookup> analysis(String runId, String version, String layerName, long step,
            boolean nearest) {
        lock.readLock().lock();
        try {
            RunHistory run = runs.get(runId);
            VersionHistory v = run == null ? null : run.version(version).orElse(null);
            LayerHistory layer = v == null ? null : v.layers.get(layerName);
            if (layer == null && v != null && run.shared(v) != null) {
                layer = run.shared(v).layers.get(layerName);
            }
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
            fetched.put(analysisKey(a), a);
        }
    }

    /** Counters for the status endpoint. */
    public StoreStats stats() {
        lock.readLock().lock();
        try {
            int layers = 0;
            long points = 0;
            for (RunHistory r : runs.values()) {
                for (VersionHistory v : r.versions.values()) {
                    layers += v.layers.size();
                    for (LayerHistory l : v.layers.values()) {
                        points += l.series.size();
                    }
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
        return fnv(id);
    }

    /**
     * The key an analysis is de-duplicated and found by: its analysis_id, combined with its phase's
     * classifier_config_id when it has one. The analysis_id names the engine's analysis (run, layer,
     * step, engine config), so a replay under other thresholds writes analyses with the monitor's
     * analysis_ids but other phases; they are other records.
     */
    public static long analysisKey(LayerAnalysis a) {
        long h = idHash(a.getAnalysisId());
        String classifier = a.getPhase().getClassifierConfigId();
        return classifier.isEmpty() ? h : h ^ Long.rotateLeft(fnv(classifier), 1);
    }

    /** The id of the analysis version of (config id, classifier config id): {@code configId~classifierConfigId}. */
    public static String versionId(String configId, String classifierConfigId) {
        return VersionHistory.id(configId, classifierConfigId);
    }

    /** The analysis version a record belongs to: {@code configId~classifierConfigId}. */
    public static String versionOf(LayerAnalysis a) {
        return VersionHistory.id(a.getConfigId(), a.getPhase().getClassifierConfigId());
    }

    /** The analysis version a transition belongs to. */
    public static String versionOf(PhaseTransition t) {
        return VersionHistory.id(t.getConfigId(), t.getClassifierConfigId());
    }

    private static long fnv(String s) {
        long h = 0xcbf29ce484222325L; // FNV-1a
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
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
        VersionHistory primary = r.primary().orElse(null);
        List<LayerHistory> layers = primary == null ? List.of() : r.ordered(primary);
        for (LayerHistory l : layers) {
            int last = l.series.size() - 1;
            phases.merge(PhaseCode.name(l.series.phase(last)), 1, Integer::sum);
            double alpha = l.series.metric(SeriesMetric.ALPHA, last);
            if (Double.isFinite(alpha)) {
                alphaSum += alpha;
                alphas++;
            }
        }
        List<StoredTransition> recent = new ArrayList<>();
        if (primary != null) {
            Iterator<StoredTransition> it = primary.transitions.descendingIterator();
            while (it.hasNext() && recent.size() < SUMMARY_TRANSITIONS) {
                recent.add(it.next());
            }
        }
        boolean live = r.lastMonitorMs != Long.MIN_VALUE && nowMs - r.lastMonitorMs <= liveWindowMs;
        boolean any = r.lastStep != Long.MIN_VALUE;
        return new RunSummary(r.run, Map.copyOf(r.tags), any ? r.firstStep : -1, any ? r.lastStep : -1, r.lastEpoch,
                r.lastRecordMs, live, layers.size(), phases, alphas == 0 ? Double.NaN : alphaSum / alphas, r.analyses,
                recent, r.listed().size(), primary == null ? "" : primary.id);
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

    /** A layer's points as runs of equal phase and runs of points with correlation traps. */
    private static TimelineRow timelineRow(LayerHistory l) {
        LayerSeries s = l.series;
        int n = s.size();
        long[] starts = new long[n];
        byte[] phases = new byte[n];
        long[] trapStarts = new long[n];
        long[] trapEnds = new long[n];
        int segments = 0;
        int traps = 0;
        for (int i = 0; i < n; i++) {
            if (i == 0 || s.phase(i) != s.phase(i - 1)) {
                starts[segments] = s.step(i);
                phases[segments++] = s.phase(i);
            }
            if (s.trapped(i)) {
                if (i == 0 || !s.trapped(i - 1)) {
                    trapStarts[traps++] = s.step(i);
                }
                trapEnds[traps - 1] = s.step(i);
            }
        }
        return new TimelineRow(l.name, l.layerIndex, Arrays.copyOf(starts, segments), Arrays.copyOf(phases, segments),
                s.step(n - 1), Arrays.copyOf(trapStarts, traps), Arrays.copyOf(trapEnds, traps));
    }

    private <T> Versioned<T> read(Supplier<T> reader) {
        lock.readLock().lock();
        try {
            return new Versioned<>(reader.get(), events.sseId(events.lastId()));
        } finally {
            lock.readLock().unlock();
        }
    }

    private <T> Optional<Versioned<T>> readVersion(String runId, String version,
            java.util.function.BiFunction<RunHistory, VersionHistory, T> reader) {
        lock.readLock().lock();
        try {
            RunHistory run = runs.get(runId);
            Optional<VersionHistory> v = run == null ? Optional.empty() : run.version(version);
            return v.map(x -> new Versioned<>(reader.apply(run, x), events.sseId(events.lastId())));
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
