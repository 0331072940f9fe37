package io.esdmon.replay;

import io.esdmon.engine.AnalysisOptions;
import io.esdmon.engine.AnalysisOptions.ConvScaling;
import io.esdmon.engine.AnalysisOptions.EigenvalueFloor;
import io.esdmon.engine.AnalysisOptions.FixFingers;
import io.esdmon.engine.AnalysisOptions.RandomDistance;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Engine options by the names of {@code ./esdmon analyze}'s flags without the dashes; a {@code --no-X}
 * flag is {@code X = false} ({@code mp-fit = false} is {@code --no-mp-fit}). {@code ww-default = true}
 * starts from WeightWatcher's bare {@code analyze()}, whatever line it is on; the other names apply on top.
 */
final class EngineSettings {

    /** Every name this class understands. */
    static final Set<String> NAMES = new TreeSet<>(Set.of("ww-default", "min-evals", "max-evals", "max-n",
            "conv-norm", "pl-floor", "pl-floor-relative", "fix-fingers", "mp-fit", "randomize", "detx",
            "fresh-shuffle", "seed"));

    private EngineSettings() {
    }

    /**
     * The options these settings select (names without a prefix).
     *
     * @throws IllegalArgumentException for an unknown name or a value that does not parse, naming both
     */
    static AnalysisOptions options(Map<String, String> settings) {
        Map<String, String> s = new TreeMap<>(settings);
        Set<String> unknown = new TreeSet<>(s.keySet());
        unknown.removeAll(NAMES);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown engine setting(s) " + unknown + "; known: " + NAMES);
        }
        AnalysisOptions o = bool(s, "ww-default", false) ? AnalysisOptions.weightWatcherDefault()
                : AnalysisOptions.defaults();
        o = o.withEvalLimits(integer(s, "min-evals", o.minEvals()), integer(s, "max-evals", o.maxEvals()),
                integer(s, "max-n", o.maxN()));
        if (s.containsKey("conv-norm")) {
            o = o.withConvScaling(bool(s, "conv-norm", true) ? ConvScaling.WEIGHTWATCHER : ConvScaling.NONE);
        }
        if (s.containsKey("pl-floor") || s.containsKey("pl-floor-relative")) {
            o = o.withPlFloor(new EigenvalueFloor(number(s, "pl-floor", o.plFloor().value()),
                    bool(s, "pl-floor-relative", o.plFloor().relative())));
        }
        if (s.containsKey("fix-fingers")) {
            o = o.withFixFingers(fingers(s.get("fix-fingers")));
        }
        o = o.withMpFit(bool(s, "mp-fit", o.mpFit())).withRandomize(bool(s, "randomize", o.randomize()))
                .withDetX(bool(s, "detx", o.detX()));
        if (s.containsKey("fresh-shuffle")) {
            o = o.withRandomDistance(bool(s, "fresh-shuffle", false) ? RandomDistance.FRESH_SHUFFLE
                    : RandomDistance.SAME_SHUFFLE);
        }
        if (s.containsKey("seed")) {
            o = o.withSeed(parse("seed", s.get("seed"), Long::parseLong, "a whole number"));
        }
        return o;
    }

    private static boolean bool(Map<String, String> s, String name, boolean fallback) {
        String v = s.get(name);
        if (v == null) {
            return fallback;
        }
        return switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("engine." + name + " must be true or false, got '" + v + "'");
        };
    }

    private static int integer(Map<String, String> s, String name, int fallback) {
        String v = s.get(name);
        return v == null ? fallback : parse(name, v, Integer::parseInt, "a whole number");
    }

    private static double number(Map<String, String> s, String name, double fallback) {
        String v = s.get(name);
        return v == null ? fallback : parse(name, v, Double::parseDouble, "a number");
    }

    private static FixFingers fingers(String v) {
        try {
            return FixFingers.valueOf(v.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("engine.fix-fingers must be none or clip_xmax, got '" + v + "'");
        }
    }

    private static <T> T parse(String name, String v, java.util.function.Function<String, T> parser, String what) {
        try {
            return parser.apply(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("engine." + name + " must be " + what + ", got '" + v + "'");
        }
    }
}
