package io.esdmon.metrics;

import java.time.Duration;

/**
 * Bounds and periods of the monitor's Prometheus metrics.
 *
 * @param idleExpiry      a run with no analysis or transition for this long loses all its series
 * @param maxLayerSeries  at most this many (run, layer) pairs are exported at once; analyses of
 *                        further layers are counted as refused until idle runs expire
 * @param sweepInterval   how often idle runs are looked for
 * @param lagInterval     how often the consumer lag is read from Kafka
 */
public record MetricsConfig(Duration idleExpiry, int maxLayerSeries, Duration sweepInterval, Duration lagInterval) {

    /** Default idle expiry: six hours, longer than the gap between two snapshots of a typical run. */
    public static final Duration DEFAULT_IDLE_EXPIRY = Duration.ofHours(6);

    /** Default cap: 2000 layers, about 32,000 series (16 per layer plus transition counters). */
    public static final int DEFAULT_MAX_LAYER_SERIES = 2000;

    public MetricsConfig {
        requirePositive("idleExpiry", idleExpiry);
        requirePositive("sweepInterval", sweepInterval);
        requirePositive("lagInterval", lagInterval);
        if (maxLayerSeries < 1) {
            throw new IllegalArgumentException("maxLayerSeries must be >= 1 (the number of run x layer pairs "
                    + "exported at once), got " + maxLayerSeries);
        }
    }

    /** Six hours of idle expiry, 2000 layers, a sweep every 30 s and a lag reading every 15 s. */
    public static MetricsConfig defaults() {
        return new MetricsConfig(DEFAULT_IDLE_EXPIRY, DEFAULT_MAX_LAYER_SERIES, Duration.ofSeconds(30),
                Duration.ofSeconds(15));
    }

    public MetricsConfig withIdleExpiry(Duration d) {
        return new MetricsConfig(d, maxLayerSeries, sweepInterval, lagInterval);
    }

    public MetricsConfig withMaxLayerSeries(int n) {
        return new MetricsConfig(idleExpiry, n, sweepInterval, lagInterval);
    }

    public MetricsConfig withLagInterval(Duration d) {
        return new MetricsConfig(idleExpiry, maxLayerSeries, sweepInterval, d);
    }

    private static void requirePositive(String name, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be a positive duration, got " + d);
        }
    }
}
