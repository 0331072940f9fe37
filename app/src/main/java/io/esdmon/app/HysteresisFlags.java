package io.esdmon.app;

import io.esdmon.phases.PhaseTracker.Hysteresis;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** When a layer's new phase becomes a transition (a picocli mixin for commands that track phases). */
public final class HysteresisFlags {

    @Option(names = "--band", paramLabel = "Z", defaultValue = "1.0", description = "margin, in standard errors,"
            + " a call of a phase further along the progression needs to count (default: ${DEFAULT-VALUE})")
    String band;

    @Option(names = "--backward-band", paramLabel = "Z", defaultValue = "2.0", description = "margin a call of a"
            + " phase back towards Random-like needs to count (default: ${DEFAULT-VALUE})")
    String backwardBand;

    @Option(names = "--min-dwell-steps", paramLabel = "STEPS", defaultValue = "1", description = "training steps"
            + " a new phase must hold before it is a transition (default: ${DEFAULT-VALUE}, i.e. two snapshots;"
            + " 0 = at once)")
    String minDwellSteps;

    @Option(names = "--decisive-margin", paramLabel = "Z", defaultValue = "4.0", description = "a forward call"
            + " whose margin reaches Z is a transition at once (default: ${DEFAULT-VALUE}; inf = always wait)")
    String decisiveMargin;

    @Option(names = "--min-dwell", hidden = true, paramLabel = "N")
    String removedMinDwell;

    /** The hysteresis; bad values are an IllegalArgumentException naming the flag and what to give. */
    public Hysteresis hysteresis() {
        if (removedMinDwell != null) {
            throw new IllegalArgumentException("--min-dwell was replaced by --min-dwell-steps: dwell is counted in"
                    + " training steps now (docs/phases.md, \"Hysteresis\")");
        }
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("band", band);
        settings.put("backward-band", backwardBand);
        settings.put("min-dwell-steps", minDwellSteps);
        settings.put("decisive-margin", decisiveMargin);
        try {
            return Hysteresis.DEFAULT.with(settings);
        } catch (IllegalArgumentException e) {
            // messages about one setting start with its name, which is the flag's without the dashes
            boolean named = Hysteresis.SETTINGS.stream().anyMatch(n -> e.getMessage().startsWith(n + " "));
            throw new IllegalArgumentException((named ? "--" : "--band / --backward-band / --min-dwell-steps: ")
                    + e.getMessage());
        }
    }
}
