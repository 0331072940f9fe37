package io.esdmon.replay;

import io.esdmon.engine.AnalysisOptions;
import io.esdmon.phases.ClassifierConfig;
import io.esdmon.phases.PhaseThresholds;
import io.esdmon.phases.PhaseTracker.Hysteresis;
import io.esdmon.wire.DeterministicIds;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a replay analyzes with: the engine options and the phase classifier's thresholds and
 * hysteresis. Its two ids ({@link #configId()}, {@link #classifierConfigId()}) tag every record the
 * replay writes; under the monitor's own configuration they are the monitor's ids.
 *
 * <p>Text form (a Java properties file; docs/replay.md has an example), every line optional:
 * <pre>
 * engine.mp-fit = false              # ./esdmon analyze's flag names without dashes; --no-X is X = false
 * phase.heavyAlpha = 3.5             # thresholds by name, as --phase-config
 * hysteresis.min-dwell-steps = 500   # as --min-dwell-steps (and band, backward-band, decisive-margin)
 * hysteresis.decisive-margin = inf   # as --decisive-margin
 * </pre>
 * What is not set keeps the monitor's default, so an empty text is the default live configuration.
 *
 * @param analysis    engine options
 * @param classifier  phase thresholds and hysteresis
 */
public record ReplayConfig(AnalysisOptions analysis, ClassifierConfig classifier) {

    /** The monitor's default configuration ({@code ./esdmon serve} without analysis or phase flags). */
    public static final ReplayConfig LIVE_DEFAULT = new ReplayConfig(AnalysisOptions.defaults(),
            ClassifierConfig.DEFAULT);

    public ReplayConfig {
        if (analysis == null || classifier == null) {
            throw new IllegalArgumentException("a replay config needs engine options and a classifier config; use"
                    + " ReplayConfig.LIVE_DEFAULT for the monitor's defaults");
        }
    }

    /** {@link DeterministicIds#configId} of the engine options ({@code cfg-...}). */
    public String configId() {
        return DeterministicIds.configId(analysis);
    }

    /** {@link DeterministicIds#classifierConfigId} of the classifier config ({@code phc-...}). */
    public String classifierConfigId() {
        return DeterministicIds.classifierConfigId(classifier);
    }

    /**
     * The configuration a text selects.
     *
     * @param source  what the text is, for messages (a file name, "the request body")
     * @throws IllegalArgumentException naming the source, the setting and what is wrong
     */
    public static ReplayConfig parse(String text, String source) {
        Properties p = new Properties();
        try {
            p.load(new StringReader(text == null ? "" : text));
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException(source + ": not a properties text (" + e.getMessage() + ")");
        }
        Map<String, String> engine = new TreeMap<>();
        Map<String, String> phase = new TreeMap<>();
        Map<String, String> hysteresis = new TreeMap<>();
        Set<String> unknown = new TreeSet<>();
        for (String key : p.stringPropertyNames()) {
            String value = p.getProperty(key);
            int dot = key.indexOf('.');
            String section = dot < 0 ? "" : key.substring(0, dot);
            String name = key.substring(dot + 1);
            switch (section) {
                case "engine" -> engine.put(name, value);
                case "phase" -> phase.put(name, value);
                case "hysteresis" -> hysteresis.put(name, value);
                default -> unknown.add(key);
            }
        }
        try {
            if (!unknown.isEmpty()) {
                throw new IllegalArgumentException("unknown setting(s) " + unknown + ": every name starts with engine.,"
                        + " phase. or hysteresis. (docs/replay.md)");
            }
            AnalysisOptions options = EngineSettings.options(engine);
            PhaseThresholds thresholds;
            try {
                thresholds = PhaseThresholds.DEFAULTS.with(phase);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("phase.*: " + e.getMessage());
            }
            return new ReplayConfig(options, new ClassifierConfig(thresholds, hysteresis(hysteresis)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + ": " + e.getMessage());
        }
    }

    /** The configuration in a file (UTF-8); an unreadable file is an IllegalArgumentException naming it. */
    public static ReplayConfig load(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the replay config " + file + ": " + e.getMessage());
        }
        return parse(text, file.toString());
    }

    private static Hysteresis hysteresis(Map<String, String> h) {
        try {
            return Hysteresis.DEFAULT.with(h);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("hysteresis.*: " + e.getMessage());
        }
    }
}
