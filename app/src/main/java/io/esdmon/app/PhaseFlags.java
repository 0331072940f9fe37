package io.esdmon.app;

import io.esdmon.phases.PhaseThresholds;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import picocli.CommandLine.Option;

/**
 * The phase classifier's thresholds (a picocli mixin shared by analyze and serve): documented defaults,
 * optionally overridden from a file.
 */
public final class PhaseFlags {

    @Option(names = "--phase-config", paramLabel = "FILE", description = "Phase thresholds to override, one "
            + "name=value per line (names and defaults in docs/phases.md), e.g. heavyAlpha=3.5")
    Path phaseConfig;

    /** The thresholds to classify with; a bad file is an IllegalArgumentException naming it. */
    public PhaseThresholds thresholds() {
        if (phaseConfig == null) {
            return PhaseThresholds.DEFAULTS;
        }
        Properties props = new Properties();
        try (Reader r = Files.newBufferedReader(phaseConfig)) {
            props.load(r);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read --phase-config " + phaseConfig + ": " + e.getMessage());
        }
        Map<String, String> overrides = new TreeMap<>();
        props.forEach((k, v) -> overrides.put(k.toString(), v.toString()));
        try {
            return PhaseThresholds.DEFAULTS.with(overrides);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(phaseConfig + ": " + e.getMessage());
        }
    }
}
