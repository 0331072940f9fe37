package io.esdmon.dashboard.store;

/**
 * How much history the dashboard keeps in memory (docs/dashboard.md, "Memory bounds"). Older
 * detail is not lost: every point remembers where its record lies in Kafka, so a full analysis is
 * fetched again on demand while the topic retains it.
 *
 * @param maxRuns             runs kept; when a new run arrives beyond this, the run with the oldest
 *                            data is dropped
 * @param maxPointsPerLayer   step points kept per (run, layer); beyond it, older points are thinned
 *                            to an even step spacing, keeping phase changes while they fit
 * @param detailedPerLayer    full analyses (histogram, fit curves, evidence) kept per layer: the
 *                            latest ones by step
 * @param onDemandCache       full analyses fetched back from Kafka kept in an LRU cache
 * @param transitionsPerRun   transitions kept per run (the newest)
 * @param transitionFeed      transitions kept in the cross-run feed (the newest)
 * @param replayEvents        live events kept for clients that reconnect with Last-Event-ID
 */
public record StoreBounds(int maxRuns, int maxPointsPerLayer, int detailedPerLayer, int onDemandCache,
        int transitionsPerRun, int transitionFeed, int replayEvents) {

    /** Defaults sized for 100 runs of a few hundred layers on a ~1 GB heap (see docs/dashboard.md). */
    public static final StoreBounds DEFAULT = new StoreBounds(100, 4096, 4, 256, 1000, 2000, 20_000);

    /** Smallest series cap: thinning keeps a recent quarter at full resolution and needs room for it. */
    public static final int MIN_POINTS_PER_LAYER = 16;

    public StoreBounds {
        positive("maxRuns", maxRuns, 1);
        positive("maxPointsPerLayer", maxPointsPerLayer, MIN_POINTS_PER_LAYER);
        positive("detailedPerLayer", detailedPerLayer, 1);
        positive("onDemandCache", onDemandCache, 0);
        positive("transitionsPerRun", transitionsPerRun, 1);
        positive("transitionFeed", transitionFeed, 1);
        positive("replayEvents", replayEvents, 1);
    }

    private static void positive(String name, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException("dashboard bound " + name + " must be at least " + min + ", got " + value);
        }
    }
}
