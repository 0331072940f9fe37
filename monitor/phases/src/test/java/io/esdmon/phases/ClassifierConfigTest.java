package io.esdmon.phases;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.esdmon.phases.PhaseTracker.Hysteresis;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClassifierConfigTest {

    /** The text docs/wire-format.md documents for the default config, written out by hand. */
    @Test
    void canonicalTextOfTheDefaultsIsTheDocumentedOne() {
        assertEquals("rules=2\n"
                + "PhaseThresholds[minEigenvalues=32, nearZeroEpsilon=1.0E-6, smallEpsilon=0.001, gapDecades=2.0,"
                + " rankCollapseFraction=0.2, edgeSigmas=4.0, bulkMisfitSigmas=6.0, nearEdgeShare=0.05,"
                + " separatedWidths=1.0, minTailEigenvalues=5, heavyAlpha=4.0, maxTailKs=1.3, truncationSigmas=2.5,"
                + " topSigmas=3.0]\n"
                + "Hysteresis[band=1.0, backwardBand=2.0, minDwellSteps=1, decisiveMargin=4.0]",
                ClassifierConfig.DEFAULT.canonicalText());
    }

    @Test
    void everyThresholdAndTheHysteresisShowInTheText() {
        String base = ClassifierConfig.DEFAULT.canonicalText();
        assertNotEquals(base, ClassifierConfig.DEFAULT.withThresholds(PhaseThresholds.DEFAULTS.with(
                Map.of("nearEdgeShare", "0.06"))).canonicalText());
        assertNotEquals(base, ClassifierConfig.DEFAULT.withHysteresis(new Hysteresis(1, 2, 1, Double.POSITIVE_INFINITY))
                .canonicalText());
        assertEquals(base, new ClassifierConfig(PhaseThresholds.DEFAULTS.with(Map.of()), new Hysteresis(1, 2, 1, 4))
                .canonicalText());
    }

    @Test
    void bothPartsAreRequired() {
        var e = assertThrows(IllegalArgumentException.class, () -> new ClassifierConfig(null, Hysteresis.DEFAULT));
        assertEquals(true, e.getMessage().contains("PhaseThresholds.DEFAULTS"), e.getMessage());
    }
}
