package io.esdmon.phases;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.esdmon.engine.AnalysisOptions;
import io.esdmon.engine.LayerAnalysis;
import io.esdmon.engine.LayerAnalyzer;
import io.esdmon.phases.synthetic.LabelledMatrix;
import io.esdmon.phases.synthetic.Recipe;
import io.esdmon.phases.synthetic.SyntheticMatrices;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The same spectral law gets the same phase at every size from the documented minimum
 * ({@link PhaseThresholds#minEigenvalues()}) up to M = 2000, and Undetermined below it.
 */
class SizeInvarianceTest {

    private static final int[] SIZES = {32, 64, 128, 256, 512, 1000, 2000};
    private static final LayerAnalyzer ANALYZER = new LayerAnalyzer(AnalysisOptions.defaults().withMpFit(false)
            .withDetX(false).withRandomize(false));
    private static final PhaseClassifier CLASSIFIER = new PhaseClassifier(PhaseThresholds.DEFAULTS);

    /** A law: a recipe with its parameters fixed by lawSeed, from the smallest M at which its class shows. */
    record Law(Recipe recipe, long lawSeed, int fromM) {
    }

    private static final List<Law> LAWS = List.of(
            new Law(Recipe.GAUSSIAN, 1, 32),
            new Law(Recipe.STRONG_SIGNAL, 2, 32),
            new Law(Recipe.STRONG_SIGNAL, 3, 32),
            new Law(Recipe.CORRELATION_TRAPS, 4, 32),
            new Law(Recipe.POWER_LAW_SPECTRUM, 5, 32),
            new Law(Recipe.POWER_LAW_SPECTRUM, 6, 32),
            new Law(Recipe.POWER_LAW_SPECTRUM, 7, 32),
            new Law(Recipe.WEAK_POWER_LAW_SPECTRUM, 8, 32),
            new Law(Recipe.SIGNAL_CONTINUUM, 9, SyntheticMatrices.MIN_TAIL_CLASS_M),
            new Law(Recipe.PARETO_VERY_HEAVY, 10, SyntheticMatrices.MIN_TAIL_CLASS_M),
            new Law(Recipe.EXACT_LOW_RANK, 11, 32),
            new Law(Recipe.GEOMETRIC_DECAY, 12, 32));

    @Test
    void everyLawKeepsItsPhaseFromTheMinimumSizeUp() {
        List<String> failures = new ArrayList<>();
        for (Law law : LAWS) {
            List<String> calls = IntStream.range(0, SIZES.length).parallel()
                    .filter(i -> SIZES[i] >= law.fromM())
                    .mapToObj(i -> {
                        LabelledMatrix lm = SyntheticMatrices.generate(law.recipe(), 2 * SIZES[i], SIZES[i],
                                7000 + i, law.lawSeed());
                        PhaseCall call = CLASSIFIER.classify((LayerAnalysis) ANALYZER.analyze(lm.toWeights()));
                        return SIZES[i] + ":" + call.phase() + (call.phase() == lm.truth() ? "" : "(" + lm + ")");
                    }).toList();
            System.out.println(law + " -> " + calls);
            if (calls.stream().anyMatch(c -> c.contains("("))) {
                failures.add(law + " -> " + calls);
            }
        }
        assertTrue(failures.isEmpty(), "laws whose phase depends on the size:\n" + String.join("\n", failures));
    }

    @Test
    void belowTheMinimumEveryLayerIsUndetermined() {
        int min = PhaseThresholds.DEFAULTS.minEigenvalues();
        for (Recipe recipe : List.of(Recipe.GAUSSIAN, Recipe.STRONG_SIGNAL, Recipe.POWER_LAW_SPECTRUM)) {
            for (int m : new int[] {2, 8, 10, 16, min - 1}) {
                LabelledMatrix lm = SyntheticMatrices.generate(recipe, 256, m, 42);
                double[] evals = ((LayerAnalysis) new LayerAnalyzer(AnalysisOptions.defaults().withEvalLimits(1, 15000, 50000))
                        .analyze(lm.toWeights())).spectrum().evals();
                PhaseCall call = CLASSIFIER.classify(evals, 256, m, 1, Optional.empty());
                assertEquals(Phase.UNDETERMINED, call.phase(), lm + ": " + call.evidence());
                assertEquals(DecidingRule.TOO_FEW_EIGENVALUES, call.evidence().rule());
                assertEquals(0, call.margin());
            }
        }
    }
}
