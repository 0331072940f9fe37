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
        assertEquals("rules=1\n"
                + "PhaseThresholds[nearZeroEpsilon=1.0E-6, smallEpsilon=0.001, gapDecades=2.0, rankCollapseFraction=0.2,"
                + " edgeSigmas=4.0, bulkKsFactor=6.0, separatedWidths=1.0, fewNearEdgeMin=5, fewNearEdgeFraction=0.03,"
                + " maxSpikeFraction=0.1, shuffledShare=0.5, heavyAlpha=4.0, heavyLambdaRatio=3.0]\n"
                + "Hysteresis[minDwell=2, decisiveMargin=1.0]", ClassifierConfig.DEFAULT.canonicalText());
    }

    @Test
    void everyThresholdAndTheHysteresisShowInTheText() {
        String base = ClassifierConfig.DEFAULT.canonicalText();
        assertNotEquals(base, ClassifierConfig.DEFAULT.withThresholds(PhaseThresholds.DEFAULTS.with(
                Map.of("shuffledShare", "0.6"))).canonicalText());
        assertNotEquals(base, ClassifierConfig.DEFAULT.withHysteresis(new Hysteresis(2, Double.POSITIVE_INFINITY))
                .canonicalText());
        assertEquals(base, new ClassifierConfig(PhaseThresholds.DEFAULTS.with(Map.of()), new Hysteresis(2, 1))
                .canonicalText());
    }

    @Test
    void bothPartsAreRequired() {
        var e = assertThrows(IllegalArgumentException.class, () -> new ClassifierConfig(null, Hysteresis.DEFAULT));
        assertEquals(true, e.getMessage().contains("PhaseThresholds.DEFAULTS"), e.getMessage());
    }
}
