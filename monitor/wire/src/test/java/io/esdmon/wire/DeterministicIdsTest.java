package io.esdmon.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.esdmon.engine.AnalysisOptions;
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

    @Test
    void keysJoinRunAndLayer() {
        assertEquals("run-1/features.0.weight", RecordKeys.layerKey("run-1", "features.0.weight"));
        assertThrows(IllegalArgumentException.class, () -> RecordKeys.layerKey("a/b", "x"));
        assertThrows(IllegalArgumentException.class, () -> RecordKeys.layerKey("a", ""));
    }
}
