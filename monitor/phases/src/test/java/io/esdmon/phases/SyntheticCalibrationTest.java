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
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The classifier against matrices whose phase is known by construction, over many seeds and shapes:
 * M from 32 to 2000, Q = N/M from 1 to 4, both orientations. Every class must be recognised on at least
 * 95% of its decidable matrices; the table (class × M) is printed for docs/phases.md.
 */
class SyntheticCalibrationTest {

    private static final double REQUIRED = 0.95;
    /** {M, seeds per recipe}: more seeds where matrices are cheap; Q cycles through 1, 2, 4 (1, 2 at M ≥ 1000). */
    private static final int[][] SIZES = {{32, 12}, {64, 9}, {128, 6}, {256, 6}, {512, 4}, {1000, 2}, {2000, 1}};

    record Outcome(LabelledMatrix matrix, PhaseCall call) {
        boolean scored() {
            return matrix.recipe().scored() && matrix.decidable();
        }

        boolean correct() {
            return call.phase() == matrix.truth();
        }
    }

    static List<Outcome> run() {
        LayerAnalyzer analyzer = new LayerAnalyzer(AnalysisOptions.defaults().withMpFit(false).withDetX(false)
                .withRandomize(false));
        LayerAnalyzer withShuffle = new LayerAnalyzer(AnalysisOptions.defaults().withMpFit(false).withDetX(false));
        PhaseClassifier classifier = new PhaseClassifier(PhaseThresholds.DEFAULTS);
        List<long[]> cases = new ArrayList<>();
        long seed = 5000;
        for (int[] size : SIZES) {
            int m = size[0];
            int[] qs = m >= 1000 ? new int[] {1, 2} : new int[] {1, 2, 4};
            for (Recipe recipe : Recipe.values()) {
                for (int s = 0; s < size[1]; s++) {
                    cases.add(new long[] {recipe.ordinal(), (long) qs[s % qs.length] * m, m, seed++});
                }
            }
        }
        return cases.parallelStream().map(c -> {
            Recipe recipe = Recipe.values()[(int) c[0]];
            LabelledMatrix lm = SyntheticMatrices.generate(recipe, (int) c[1], (int) c[2], c[3]);
            LayerAnalyzer a = recipe == Recipe.CORRELATION_TRAPS ? withShuffle : analyzer;
            return new Outcome(lm, classifier.classify((LayerAnalysis) a.analyze(lm.toWeights())));
        }).toList();
    }

    @Test
    void everyDecidableClassIsRecognisedOnAtLeastNinetyFivePercentOfItsMatrices() {
        List<Outcome> outcomes = run();
        Map<Phase, int[]> byClass = new EnumMap<>(Phase.class);
        Map<String, Map<Integer, int[]>> byRecipeAndSize = new TreeMap<>();
        List<String> misses = new ArrayList<>();
        for (Outcome o : outcomes) {
            int m = Math.min(o.matrix().rows(), o.matrix().cols());
            int[] cell = byRecipeAndSize.computeIfAbsent(o.matrix().recipe().name(), k -> new TreeMap<>())
                    .computeIfAbsent(m, k -> new int[3]);
            cell[0]++;
            cell[1] += o.correct() ? 1 : 0;
            cell[2] += o.scored() ? 1 : 0;
            if (o.scored()) {
                int[] tally = byClass.computeIfAbsent(o.matrix().truth(), k -> new int[2]);
                tally[0]++;
                tally[1] += o.correct() ? 1 : 0;
                if (!o.correct()) {
                    misses.add(o.matrix() + " -> " + o.call().phase() + " (" + o.call().evidence().rule() + ", margin "
                            + String.format(Locale.ROOT, "%.2f", o.call().margin()) + ")");
                }
            }
        }
        StringBuilder table = new StringBuilder("recipe: correct/matrices at each M (* = some not decidable there)\n");
        byRecipeAndSize.forEach((recipe, sizes) -> {
            table.append(String.format(Locale.ROOT, "%-24s", recipe));
            sizes.forEach((m, c) -> table.append(String.format(Locale.ROOT, " %5d:%2d/%-2d%s", m, c[1], c[0],
                    c[2] < c[0] ? "*" : " ")));
            table.append('\n');
        });
        boolean ok = true;
        for (var e : byClass.entrySet()) {
            double share = (double) e.getValue()[1] / e.getValue()[0];
            ok &= share >= REQUIRED;
            table.append(String.format(Locale.ROOT, "%-17s %5.1f%% of %3d decidable%n", e.getKey(), 100 * share,
                    e.getValue()[0]));
        }
        System.out.println(table);
        misses.forEach(System.out::println);
        assertTrue(ok, "a class fell below " + REQUIRED + ":\n" + table + String.join("\n", misses));
    }
}
