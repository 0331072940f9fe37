package io.esdmon.app.serve;

import io.esdmon.metrics.MetricsConfig;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Option;

/** Cardinality bounds of GET /metrics (a picocli mixin). */
public final class MetricsFlags {

    private static final Pattern SHORT = Pattern.compile("(\\d+)([smhd])");

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
        String t = text.trim().toLowerCase(Locale.ROOT);
        Matcher m = SHORT.matcher(t);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        }
        try {
            return Duration.parse(text.trim().toUpperCase(Locale.ROOT));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + text + "' is not a duration; give a number with s, m, h or d"
                    + " (e.g. 6h) or ISO-8601 (e.g. PT6H)");
        }
    }
}
