package io.esdmon.phases;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PhaseThresholdsTest {

    @Test
    void overridesReplaceOnlyTheNamedThresholds() {
        PhaseThresholds t = PhaseThresholds.DEFAULTS.with(Map.of("heavyAlpha", "3.5", "minTailEigenvalues", " 8 "));
        assertEquals(3.5, t.heavyAlpha());
        assertEquals(8, t.minTailEigenvalues());
        assertEquals(PhaseThresholds.DEFAULTS.edgeSigmas(), t.edgeSigmas());
        assertEquals(PhaseThresholds.DEFAULTS, PhaseThresholds.DEFAULTS.with(Map.of()));
    }

    @Test
    void badOverridesSayWhatIsWrong() {
        var unknown = assertThrows(IllegalArgumentException.class,
                () -> PhaseThresholds.DEFAULTS.with(Map.of("heavyAlfa", "3")));
        assertTrue(unknown.getMessage().contains("heavyAlfa") && unknown.getMessage().contains("heavyAlpha"));
        var notANumber = assertThrows(IllegalArgumentException.class,
                () -> PhaseThresholds.DEFAULTS.with(Map.of("edgeSigmas", "four")));
        assertTrue(notANumber.getMessage().contains("edgeSigmas"));
        var negative = assertThrows(IllegalArgumentException.class,
                () -> PhaseThresholds.DEFAULTS.with(Map.of("edgeSigmas", "-1")));
        assertTrue(negative.getMessage().contains("edgeSigmas"));
        assertThrows(IllegalArgumentException.class, () -> PhaseThresholds.DEFAULTS.with(Map.of("minEigenvalues", "2")));
    }
}
