package io.esdmon.phases;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PhaseTest {

    @Test
    void codesAreStableForAlertRules() {
        assertEquals(0, Phase.RANDOM_LIKE.code());
        assertEquals(4, Phase.HEAVY_TAILED.code());
        assertEquals(5, Phase.RANK_COLLAPSE.code());
    }

    @Test
    void progressionOrderIgnoresRankCollapse() {
        assertTrue(Phase.HEAVY_TAILED.atLeastAsFarAs(Phase.BULK_DECAY));
        assertTrue(Phase.BLEEDING_OUT.atLeastAsFarAs(Phase.BLEEDING_OUT));
        assertFalse(Phase.BLEEDING_OUT.atLeastAsFarAs(Phase.BULK_PLUS_SPIKES));
        assertFalse(Phase.RANK_COLLAPSE.atLeastAsFarAs(Phase.RANDOM_LIKE));
        assertFalse(Phase.HEAVY_TAILED.atLeastAsFarAs(Phase.RANK_COLLAPSE));
        assertTrue(Phase.RANK_COLLAPSE.atLeastAsFarAs(Phase.RANK_COLLAPSE));
    }
}
