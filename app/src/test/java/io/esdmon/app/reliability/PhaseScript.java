package io.esdmon.app.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.esdmon.engine.AnalysisOptions;
import io.esdmon.engine.LayerAnalysis;
import io.esdmon.engine.LayerAnalyzer;
import io.esdmon.engine.tensor.LayerKind;
import io.esdmon.engine.testutil.Npy;
import io.esdmon.phases.ClassifierConfig;
import io.esdmon.phases.Phase;
import io.esdmon.pipeline.engine.PhaseAssessor;
import io.esdmon.proto.PhaseTransition;
import io.esdmon.publisher.LayerReceipt;
import io.esdmon.publisher.SnapshotPublisher;
import io.esdmon.publisher.StepInfo;
import io.esdmon.wire.DeterministicIds;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Spectrum-only snapshots whose phases, and so whose transitions, are known before anything is
 * published: each layer follows a script of letters, one per step, each letter the spectrum of a
 * WeightWatcher reference matrix with a known call under the default classifier — R (Gaussian
 * noise, Random-like, decisive), S (3 spikes, Bulk+Spikes, decisive), H (Pareto μ = 1.5, Heavy-Tailed)
 * and C (low rank, Rank-collapse, decisive), every margin beyond both bands. {@link #expectedTransitions}
 * restates the tracker's documented rules (docs/phases.md: with steps one apart, a new phase is confirmed
 * on its second consecutive snapshot, or on its first when decisive and not a move back towards
 * Random-like) so that a test can compare what the pipeline wrote with what it must write.
 */
final class PhaseScript {

    static final String CONFIG_ID = DeterministicIds.configId(AnalysisOptions.defaults());
    private static final LayerAnalyzer DIRECT = new LayerAnalyzer(AnalysisOptions.defaults());
    private static final Map<Character, String> MATRICES = Map.of('R', "gauss_1000x500",
            'S', "spiked_1000x500_3spikes", 'H', "pareto_mu1.5_1000x500", 'C', "lowrank10_1000x500_noise1e-4");
    private static final Map<Character, String> PHASES = Map.of('R', "RANDOM_LIKE", 'S', "BULK_PLUS_SPIKES",
            'H', "HEAVY_TAILED", 'C', "RANK_COLLAPSE");
    private static final String DECISIVE = "RSC";

    /** A transition as a test states it. */
    record Expected(String layer, String from, String to, long lastStepBefore, long firstStep, long step) {
        static Expected of(PhaseTransition t) {
            return new Expected(t.getLayerStep().getLayer(), t.getFromPhase(), t.getToPhase(), t.getLastStepBefore(),
                    t.getFirstStep(), t.getLayerStep().getStep());
        }

        static final Comparator<Expected> ORDER = Comparator.comparing(Expected::layer)
                .thenComparingLong(Expected::step);
    }

    final String run;
    /** Layer name to its letters, one per step 0, 1, 2, ... */
    final Map<String, String> layers;
    private final Map<Character, double[]> spectra = new LinkedHashMap<>();

    private PhaseScript(String run, Map<String, String> layers) {
        this.run = run;
        this.layers = layers;
        MATRICES.forEach((letter, matrix) -> spectra.put(letter,
                ((LayerAnalysis) DIRECT.analyze(Npy.referenceMatrix(matrix))).spectrum().evals()));
        checkCalls();
    }

    /** {@code layers} layers over {@code steps} steps, each a seeded random run of blocks of 1 to 4 equal letters. */
    static PhaseScript random(String run, int layers, int steps, long seed) {
        Random r = new Random(seed);
        Map<String, String> scripts = new LinkedHashMap<>();
        for (int l = 0; l < layers; l++) {
            StringBuilder s = new StringBuilder();
            while (s.length() < steps) {
                char letter = "RSHC".charAt(r.nextInt(4));
                s.append(String.valueOf(letter).repeat(1 + r.nextInt(4)));
            }
            scripts.put(String.format(Locale.ROOT, "block%02d.weight", l), s.substring(0, steps));
        }
        return new PhaseScript(run, scripts);
    }

    int steps() {
        return layers.values().iterator().next().length();
    }

    int snapshots() {
        return layers.size() * steps();
    }

    /** Publishes every layer of {@code step} and waits until the brokers acknowledged all of them. */
    List<LayerReceipt> publish(SnapshotPublisher publisher, int step) throws Exception {
        List<CompletableFuture<LayerReceipt>> sent = new ArrayList<>();
        int index = 0;
        for (var layer : layers.entrySet()) {
            sent.add(publisher.publishSpectrum(StepInfo.of(run, step), layer.getKey(), LayerKind.DENSE, index++,
                    spectra.get(layer.getValue().charAt(step)), 1000, 500, 1));
        }
        List<LayerReceipt> out = new ArrayList<>();
        for (CompletableFuture<LayerReceipt> f : sent) {
            out.add(f.get(120, TimeUnit.SECONDS));
        }
        return out;
    }

    /** The phase name a layer must have at a step. */
    String phase(String layer, long step) {
        return PHASES.get(layers.get(layer).charAt((int) step));
    }

    /** Every analysis id the script's snapshots must get. */
    List<String> analysisIds() {
        List<String> ids = new ArrayList<>();
        for (String layer : layers.keySet()) {
            for (int step = 0; step < steps(); step++) {
                ids.add(DeterministicIds.analysisId(run, layer, step, CONFIG_ID));
            }
        }
        return ids;
    }

    /** The transitions the rules give for the whole script, by layer and step. */
    List<Expected> expectedTransitions() {
        List<Expected> out = new ArrayList<>();
        layers.forEach((layer, s) -> {
            char current = s.charAt(0);
            long lastOfCurrent = 0;
            char candidate = 0;
            int count = 0;
            long candidateFirst = 0;
            for (int i = 1; i < s.length(); i++) {
                char p = s.charAt(i);
                if (p == current) {
                    lastOfCurrent = i;
                    candidate = 0;
                    continue;
                }
                if (p == candidate) {
                    count++;
                } else {
                    candidate = p;
                    count = 1;
                    candidateFirst = i;
                }
                boolean back = Phase.valueOf(PHASES.get(p)).isBackwardFrom(Phase.valueOf(PHASES.get(current)));
                if (count >= 2 || DECISIVE.indexOf(p) >= 0 && !back) {
                    out.add(new Expected(layer, PHASES.get(current), PHASES.get(p), lastOfCurrent, candidateFirst, i));
                    current = p;
                    lastOfCurrent = i;
                    candidate = 0;
                }
            }
        });
        out.sort(Expected.ORDER);
        return out;
    }

    /** The calls the scripts rely on: if the classifier changes, this says so before any pipeline runs. */
    private void checkCalls() {
        PhaseAssessor assessor = new PhaseAssessor(ClassifierConfig.DEFAULT);
        double decisive = ClassifierConfig.DEFAULT.hysteresis().decisiveMargin();
        spectra.forEach((letter, evals) -> {
            var p = assessor.assess(DIRECT.analyzeSpectrum("s", LayerKind.DENSE, evals, 1000, 500, 1));
            assertEquals(PHASES.get(letter), p.getPhase(), "spectrum " + letter);
            assertEquals(DECISIVE.indexOf(letter) >= 0, p.getMargin() >= decisive, letter + " margin " + p.getMargin());
            assertTrue(p.getMargin() >= ClassifierConfig.DEFAULT.hysteresis().backwardBand() || letter == 'H',
                    letter + " margin " + p.getMargin() + " inside the backward band");
        });
    }
}
