package io.esdmon.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.esdmon.engine.AnalysisOptions;
import io.esdmon.engine.AnalysisOptions.ConvScaling;
import io.esdmon.engine.AnalysisOptions.FixFingers;
import io.esdmon.engine.AnalysisOptions.RandomDistance;
import io.esdmon.phases.ClassifierConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplayConfigTest {

    @Test
    void anEmptyTextIsTheMonitorsDefaultConfigurationWithItsDocumentedIds() {
        ReplayConfig c = ReplayConfig.parse("# nothing set\n", "test");
        assertEquals(ReplayConfig.LIVE_DEFAULT, c);
        // docs/wire-format.md
        assertEquals("cfg-feb11f2f1350", c.configId());
        assertEquals("phc-e24c5f5e9a30", c.classifierConfigId());
    }

    @Test
    void everySectionSetsItsPart() {
        ReplayConfig c = ReplayConfig.parse("""
                engine.mp-fit = false
                engine.randomize=false
                engine.conv-norm = false
                engine.pl-floor = 0.001
                engine.pl-floor-relative = true
                engine.fix-fingers = clip_xmax
                engine.fresh-shuffle = true
                engine.seed = 7
                engine.min-evals = 20
                phase.heavyAlpha = 3.5
                phase.minTailEigenvalues = 4
                hysteresis.min-dwell-steps = 300
                hysteresis.backward-band = 3
                hysteresis.decisive-margin = inf
                """, "test");
        AnalysisOptions o = c.analysis();
        assertFalse(o.mpFit());
        assertFalse(o.randomize());
        assertEquals(ConvScaling.NONE, o.convScaling());
        assertEquals(0.001, o.plFloor().value());
        assertTrue(o.plFloor().relative());
        assertEquals(FixFingers.CLIP_XMAX, o.fixFingers());
        assertEquals(RandomDistance.FRESH_SHUFFLE, o.randomDistance());
        assertEquals(7, o.seed());
        assertEquals(20, o.minEvals());
        assertEquals(15000, o.maxEvals(), "unset limits keep their defaults");
        assertTrue(o.detX(), "unset switches keep their defaults");
        assertEquals(3.5, c.classifier().thresholds().heavyAlpha());
        assertEquals(4, c.classifier().thresholds().minTailEigenvalues());
        assertEquals(300, c.classifier().hysteresis().minDwellSteps());
        assertEquals(3, c.classifier().hysteresis().backwardBand());
        assertEquals(1, c.classifier().hysteresis().band(), "unset settings keep their defaults");
        assertEquals(Double.POSITIVE_INFINITY, c.classifier().hysteresis().decisiveMargin());
        assertNotEquals(ReplayConfig.LIVE_DEFAULT.configId(), c.configId());
        assertNotEquals(ReplayConfig.LIVE_DEFAULT.classifierConfigId(), c.classifierConfigId());
    }

    @Test
    void wwDefaultIsTheBaseWhateverLineItIsOn() {
        ReplayConfig c = ReplayConfig.parse("engine.detx = true\nengine.ww-default = true\n", "test");
        assertEquals(AnalysisOptions.weightWatcherDefault().withDetX(true), c.analysis());
    }

    @Test
    void onlyTheHysteresisChangesOnlyTheClassifierId() {
        ReplayConfig c = ReplayConfig.parse("hysteresis.min-dwell-steps = 10", "test");
        assertEquals(ReplayConfig.LIVE_DEFAULT.configId(), c.configId());
        assertNotEquals(ReplayConfig.LIVE_DEFAULT.classifierConfigId(), c.classifierConfigId());
        assertEquals(ClassifierConfig.DEFAULT.thresholds(), c.classifier().thresholds());
    }

    @Test
    void mistakesAreNamedWithTheirSource() {
        assertMessage("engine.mp-fitt = false", "unknown engine setting(s) [mp-fitt]");
        assertMessage("engine.mp-fit = no", "engine.mp-fit must be true or false, got 'no'");
        assertMessage("engine.seed = x", "engine.seed must be a whole number");
        assertMessage("engine.fix-fingers = clip", "engine.fix-fingers must be none or clip_xmax");
        assertMessage("engine.min-evals = 50\nengine.max-evals = 20", "minEvals <= maxEvals");
        assertMessage("phase.heavyAlfa = 3", "unknown phase threshold(s) [heavyAlfa]");
        assertMessage("phase.heavyAlpha = -1", "heavyAlpha must be a positive number");
        assertMessage("hysteresis.min-dwell-steps = -1", "minDwellSteps must be >= 0");
        assertMessage("hysteresis.min-dwell = 3", "hysteresis.*: min-dwell was replaced by min-dwell-steps");
        assertMessage("hysteresis.decisive-margin = lots", "hysteresis.*: decisive-margin must be a positive number or inf");
        assertMessage("hysteresis.dwell = 2", "unknown hysteresis setting(s) [dwell]");
        assertMessage("heavyAlpha = 3", "every name starts with engine., phase. or hysteresis.");
    }

    @Test
    void aFileIsReadAndAMissingOneIsNamed(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("strict.properties");
        Files.writeString(f, "phase.heavyAlpha = 3.0\n");
        assertEquals(3.0, ReplayConfig.load(f).classifier().thresholds().heavyAlpha());
        var e = assertThrows(IllegalArgumentException.class, () -> ReplayConfig.load(dir.resolve("missing")));
        assertTrue(e.getMessage().contains("cannot read the replay config " + dir.resolve("missing")), e.getMessage());
    }

    private static void assertMessage(String text, String expected) {
        var e = assertThrows(IllegalArgumentException.class, () -> ReplayConfig.parse(text, "cfg.properties"));
        assertTrue(e.getMessage().startsWith("cfg.properties: "), e.getMessage());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
