package io.esdmon.app.serve;

import io.esdmon.app.DurationConverter;
import io.esdmon.metrics.MetricsConfig;
import java.time.Duration;
import picocli.CommandLine.Option;

/** Cardinality bounds of GET /metrics (a picocli mixin). */
public final class MetricsFlags {

    @Option(names = "--metrics-max-layers", paramLabel = "N", defaultValue = "" + MetricsConfig.DEFAULT_MAX_LAYER_SERIES,
            description = "most (run, layer) pairs exported on /metrics at once, about 15 series each; further"
                    + " layers are counted in esdmon_layer_series_refused_total (default: ${DEFAULT-VALUE})")
    int maxLayers;

    @Option(names = "--metrics-idle-expiry", paramLabel = "DURATION", defaultValue = "6h",
            description = "a run with no analysis for this long loses its series on /metrics: 90s, 30m, 6h, 2d or"
                    + " ISO-8601 such as PT1H30M (default: ${DEFAULT-VALUE})")
    String idleExpiry;

    /** The metrics config; bad values are an IllegalArgumentException saying what to give. */
    public MetricsConfig toConfig() {
        try {
            return MetricsConfig.defaults().withMaxLayerSeries(maxLayers).withIdleExpiry(duration(idleExpiry));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--metrics-max-layers / --metrics-idle-expiry: " + e.getMessage());
        }
    }

    static Duration duration(String text) {
        return DurationConverter.parse(text);
    }
}
