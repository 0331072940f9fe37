package io.esdmon.phases;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.esdmon.engine.AnalysisOptions;
import io.esdmon.engine.LayerAnalysis;
import io.esdmon.engine.LayerAnalyzer;
import io.esdmon.phases.synthetic.LabelledMatrix;
import io.esdmon.phases.synthetic.Recipe;
import io.esdmon.phases.synthetic.SyntheticMatrices;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The classifier against matrices whose phase is known by construction, over many seeds and shapes
 * (M from 100 to 2000, Q = N/M from 1 to 8, both orientations).
 */
class SyntheticCalibrationTest {

    private static final double REQUIRED = 0.90;
    /** {N, M, seeds}: more seeds where matrices are cheap. */
    private static final int[][] SHAPES = {
        {100, 100, 3}, {200, 100, 3}, {400, 100, 3}, {800, 100, 3},
        {200, 200, 3}, {400, 200, 3}, {800, 200, 3}, {1600, 200, 2},
        {500, 500, 2}, {1000, 500, 2}, {2000, 500, 1},
        {1000, 1000, 1}, {2000, 1000, 1},
    };

    @Test
    void everyPhaseIsRecognisedOnAtLeastNinetyPercentOfItsMatrices() {
        LayerAnalyzer analyzer = new LayerAnalyzer(AnalysisOptions.defaults().withMpFit(false).withDetX(false));
        PhaseClassifier classifier = new PhaseClassifier(PhaseThresholds.DEFAULTS);
        List<long[]> cases = new ArrayList<>();
        long seed = 1000;
        for (int[] shape : SHAPES) {
            for (Recipe recipe : Recipe.values()) {
                for (int s = 0; s < shape[2]; s++) {
                    cases.add(new long[] {recipe.ordinal(), shape[0], shape[1], seed++});
                }
            }
        }
        // independent cases: use both cores; the tally does not depend on the order
        List<String[]> outcomes = cases.parallelStream().map(c -> {
            LabelledMatrix lm = SyntheticMatrices.generate(Recipe.values()[(int) c[0]], (int) c[1], (int) c[2], c[3]);
            PhaseCall call = classifier.classify((LayerAnalysis) analyzer.analyze(lm.toWeights()));
            return new String[] {lm.truth().name(), call.phase().name(), lm + " -> " + call.phase() + " " + call.evidence()};
        }).toList();
        Map<Phase, Map<Phase, Integer>> confusion = new EnumMap<>(Phase.class);
        List<String> misses = new ArrayList<>();
        for (String[] o : outcomes) {
            confusion.computeIfAbsent(Phase.valueOf(o[0]), k -> new EnumMap<>(Phase.class))
                    .merge(Phase.valueOf(o[1]), 1, Integer::sum);
            if (!o[0].equals(o[1])) {
                misses.add(o[2]);
            }
        }
        StringBuilder table = new StringBuilder("truth -> called (share correct)\n");
        boolean ok = true;
        for (var e : confusion.entrySet()) {
            int total = e.getValue().values().stream().mapToInt(Integer::intValue).sum();
            double share = e.getValue().getOrDefault(e.getKey(), 0) / (double) total;
            ok &= share >= REQUIRED;
            table.append(String.format(Locale.ROOT, "%-17s %5.1f%% of %3d  %s%n", e.getKey(), 100 * share, total,
                    e.getValue()));
        }
        System.out.println(table);
        misses.forEach(System.out::println);
        assertTrue(ok, "a phase fell below " + REQUIRED + ":\n" + table + String.join("\n", misses));
    }
}
