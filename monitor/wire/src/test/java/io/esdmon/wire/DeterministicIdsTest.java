package io.esdmon.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.esdmon.engine.AnalysisOptions;
import io.esdmon.phases.ClassifierConfig;
import io.esdmon.phases.PhaseThresholds;
import io.esdmon.phases.PhaseTracker.Hysteresis;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeterministicIdsTest {

    /** Expected values from Python's hashlib, the recipe in docs/wire-format.md. */
    @Test
    void matchTheDocumentedRecipe() {
        assertEquals("609fbd9d5b50f5268a37e07a2af95531", DeterministicIds.analysisId("run-1", "fc1", 7, "cfg-x"));
        assertEquals("accb86fe392a7342f7ce013e03f36052", DeterministicIds.analysisId("run-1", "Ωlayer", 7, "cfg-x"));
        assertEquals("2348f59c3eca2477b65de1d4dc2337df",
                DeterministicIds.transitionId("run-1", "fc1", 7, "cfg-x", "phase-v1"));
    }

    @Test
    void fieldsCannotBleedIntoEachOther() {
        assertNotEquals(DeterministicIds.analysisId("run-1", "fc1", 17, "cfg"),
                DeterministicIds.analysisId("run-1", "fc11", 7, "cfg"));
    }

    @Test
    void configIdsFollowEveryOption() {
        AnalysisOptions d = AnalysisOptions.defaults();
        String id = DeterministicIds.configId(d);
        assertTrue(id.matches("cfg-[0-9a-f]{12}"), id);
        assertEquals(id, DeterministicIds.configId(AnalysisOptions.defaults()));
        assertNotEquals(id, DeterministicIds.configId(d.withSeed(d.seed() + 1)));
        assertNotEquals(id, DeterministicIds.configId(d.withMpFit(false)));
    }

    /**
     * The default analysis config keeps the id it has had since the first release: Python's hashlib
     * over the documented text "AnalysisOptions[minEvals=10, maxEvals=15000, ...]".
     */
    @Test
    void theDefaultConfigIdIsStable() {
        assertEquals("AnalysisOptions[minEvals=10, maxEvals=15000, maxN=50000, convScaling=WEIGHTWATCHER, plFloor="
                + "EigenvalueFloor[value=1.0E-5, relative=false], fixFingers=NONE, weakRankTolerance=1.0E-6, mpFit=true,"
                + " randomize=true, randomDistance=SAME_SHUFFLE, detX=true, seed=12345]",
                AnalysisOptions.defaults().toString());
        assertEquals("cfg-feb11f2f1350", DeterministicIds.configId(AnalysisOptions.defaults()));
    }

    /** Expected values from Python's hashlib over the documented canonical text (docs/wire-format.md). */
    @Test
    void classifierConfigIdsMatchTheDocumentedRecipe() {
        assertEquals("phc-e24c5f5e9a30", DeterministicIds.classifierConfigId(ClassifierConfig.DEFAULT));
        assertEquals("phc-031fdcaf7831", DeterministicIds.classifierConfigId(ClassifierConfig.DEFAULT
                .withHysteresis(new Hysteresis(1, 2, 3, Double.POSITIVE_INFINITY))));
    }

    @Test
    void classifierConfigIdsFollowThresholdsAndHysteresis() {
        String id = DeterministicIds.classifierConfigId(ClassifierConfig.DEFAULT);
        assertTrue(id.matches("phc-[0-9a-f]{12}"), id);
        assertNotEquals(id, DeterministicIds.classifierConfigId(ClassifierConfig.DEFAULT.withThresholds(
                PhaseThresholds.DEFAULTS.with(Map.of("heavyAlpha", "3.5")))));
        assertNotEquals(id, DeterministicIds.classifierConfigId(ClassifierConfig.DEFAULT.withHysteresis(
                new Hysteresis(1, 2, 3, 4.0))));
        assertNotEquals(id, DeterministicIds.classifierConfigId(ClassifierConfig.DEFAULT.withHysteresis(
                new Hysteresis(1, 2, 1, 5.0))));
    }

    @Test
    void keysJoinRunAndLayer() {
        assertEquals("run-1/features.0.weight", RecordKeys.layerKey("run-1", "features.0.weight"));
        assertThrows(IllegalArgumentException.class, () -> RecordKeys.layerKey("a/b", "x"));
        assertThrows(IllegalArgumentException.class, () -> RecordKeys.layerKey("a", ""));
    }
}
