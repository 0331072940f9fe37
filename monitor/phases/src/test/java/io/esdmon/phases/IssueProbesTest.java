package io.esdmon.phases;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.esdmon.engine.AnalysisOptions;
import io.esdmon.engine.LayerAnalysis;
import io.esdmon.engine.LayerAnalyzer;
import io.esdmon.engine.eigen.Spectrum;
import io.esdmon.engine.tensor.LayerKind;
import io.esdmon.engine.tensor.WeightValues;
import io.esdmon.engine.tensor.Weights;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The probes that showed the first classifier's labels moving for reasons that are not physics (issue
 * "Phase transitions a researcher can trust"), with the labels they get now.
 */
class IssueProbesTest {

    private static final PhaseClassifier CLASSIFIER = new PhaseClassifier(PhaseThresholds.DEFAULTS);

    /** A Gaussian 1000×500 layer with three oversized entries: spikes by its spectrum, three traps beside. */
    @Test
    void threeOversizedEntriesAreSpikesWithTrapsNotAHeavyTail() {
        int n = 1000;
        int m = 500;
        SplittableRandom rng = new SplittableRandom(3);
        double[] w = new double[n * m];
        for (int i = 0; i < w.length; i++) {
            w[i] = rng.nextGaussian() / Math.sqrt(n);
        }
        // 3 entries of 3 against a typical entry of 0.03: each a rank-one spike, as a bad weight would be
        w[17 * m + 5] = 3.0;
        w[411 * m + 230] = -3.0;
        w[802 * m + 470] = 3.0;
        Weights weights = new Weights("fc", LayerKind.DENSE, new int[] {n, m}, new WeightValues.F64(w));
        LayerAnalysis withShuffle = (LayerAnalysis) new LayerAnalyzer(AnalysisOptions.defaults()).analyze(weights);
        LayerAnalysis without = (LayerAnalysis) new LayerAnalyzer(AnalysisOptions.defaults().withRandomize(false))
                .analyze(weights);
        PhaseCall a = CLASSIFIER.classify(withShuffle);
        PhaseCall b = CLASSIFIER.classify(without);
        Spectrum s = without.spectrum();
        PhaseCall c = CLASSIFIER.classify(s.evals(), s.n(), s.m(), s.rf(), Optional.empty());
        System.out.println("probe traps: " + a.phase() + " margin " + a.margin() + ", traps "
                + a.evidence().correlationTraps());
        assertEquals(Phase.BULK_PLUS_SPIKES, a.phase());
        assertEquals(3, a.evidence().correlationTraps().orElseThrow());
        assertEquals(a.phase(), b.phase(), "randomization off");
        assertEquals(a.phase(), c.phase(), "spectrum only");
        assertEquals(a.margin(), c.margin(), 0);
    }

    /** Spectra built to follow one power law: the same label at every size (was Bulk-decay at small M). */
    @Test
    void aPowerLawKeepsItsLabelAsTheLayerGrows() {
        for (double alpha : new double[] {3.0, 3.5}) {
            StringBuilder line = new StringBuilder("probe alpha " + alpha + ":");
            for (int m : new int[] {64, 128, 256, 500, 1000}) {
                double[] evals = new double[m];
                for (int i = 0; i < m; i++) {
                    evals[i] = Math.pow(1 - (m - i - 0.5) / m, -1 / (alpha - 1));
                }
                java.util.Arrays.sort(evals);
                PhaseCall call = CLASSIFIER.classify(evals, 2 * m, m, 1, Optional.empty());
                line.append(String.format(java.util.Locale.ROOT, " M=%d %s (alpha %.2f, margin %.2f)", m,
                        call.phase(), call.evidence().value("alpha"), call.margin()));
                assertEquals(Phase.HEAVY_TAILED, call.phase(), "alpha " + alpha + " at M = " + m + ": "
                        + call.evidence());
            }
            System.out.println(line);
        }
    }

    /** A 10×256 layer has 10 eigenvalues: Undetermined, with margin 0, not Random-like with margin 2.29. */
    @Test
    void aTenEigenvalueLayerIsUndetermined() {
        SplittableRandom rng = new SplittableRandom(10);
        double[] w = new double[10 * 256];
        for (int i = 0; i < w.length; i++) {
            w[i] = rng.nextGaussian() / 16;
        }
        Weights weights = new Weights("fc3", LayerKind.DENSE, new int[] {10, 256}, new WeightValues.F64(w));
        PhaseCall call = CLASSIFIER.classify((LayerAnalysis) new LayerAnalyzer(AnalysisOptions.defaults()
                .withEvalLimits(2, 15000, 50000)).analyze(weights));
        assertEquals(Phase.UNDETERMINED, call.phase());
        assertEquals(DecidingRule.TOO_FEW_EIGENVALUES, call.evidence().rule());
        assertEquals(0, call.margin());
    }
}
