package io.esdmon.trainer.experiment;

import io.esdmon.engine.AnalysisOptions;
import io.esdmon.engine.LayerAnalysis;
import io.esdmon.engine.LayerAnalyzer;
import io.esdmon.engine.LayerResult;
import io.esdmon.engine.SkippedLayer;
import io.esdmon.engine.tensor.Weights;
import io.esdmon.phases.PhaseCall;
import io.esdmon.phases.PhaseClassifier;
import io.esdmon.phases.PhaseThresholds;
import io.esdmon.trainer.DataSplit;
import io.esdmon.trainer.Mlp;
import io.esdmon.trainer.SnapshotListener;
import io.esdmon.trainer.Trainer;
import io.esdmon.trainer.TrainingConfig;
import io.esdmon.trainer.TrainingResult;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Martin &amp; Mahoney's batch-size experiment on the digits MLP: train the same network from the
 * same seed with each batch size (same epochs, same learning rate unless the setup scales it) and
 * analyze one layer's ESD at the end with esdmon's engine.
 */
public final class BatchSizeSweep {

    /**
     * MP fit on (num_spikes, mp_softrank) and the randomized ESD (the phase classifier's shuffle
     * test); no detX, which nothing here uses.
     */
    public static final AnalysisOptions OPTIONS = AnalysisOptions.defaults().withDetX(false);

    /** The phase classifier with esdmon's default thresholds. */
    public static final PhaseClassifier PHASES = new PhaseClassifier(PhaseThresholds.DEFAULTS);

    private BatchSizeSweep() {
    }

    /**
     * One sweep's settings.
     *
     * @param base        the run every batch size starts from (its batch size and run id are replaced)
     * @param layer       the layer to analyze, e.g. "fc2" (hidden → hidden)
     * @param batchSizes  the batch sizes to train with
     */
    public record Setup(TrainingConfig base, String layer, int[] batchSizes) {

        public Setup {
            if (base == null || layer == null || batchSizes == null || batchSizes.length == 0) {
                throw new IllegalArgumentException("a sweep needs a base config, a layer and at least one batch size");
            }
            batchSizes = batchSizes.clone();
            int layers = base.layerSizes().length - 1;
            if (!layer.matches("fc[1-9][0-9]*") || Integer.parseInt(layer.substring(2)) > layers) {
                throw new IllegalArgumentException("layer must be one of fc1..fc" + layers + ", got " + layer);
            }
        }

        @Override
        public int[] batchSizes() {
            return batchSizes.clone();
        }

        /** The config of the run with batch size {@code b}. */
        public TrainingConfig configFor(int b) {
            return base.withBatchSize(b).withRunId("bs" + b);
        }
    }

    /** The outcome of one batch size: how training ended, the analyzed layer and its phase. */
    public record Row(int batchSize, TrainingResult training, LayerAnalysis analysis, PhaseCall phase) {

        public EsdSummary esd() {
            return EsdSummary.of(analysis);
        }

        public double learningRate() {
            return training.config().effectiveLearningRate();
        }
    }

    /**
     * The analyzed layer (and its phase) at initialisation and at the end of every run, rows by
     * ascending batch size.
     */
    public record Result(Setup setup, LayerAnalysis initial, PhaseCall initialPhase, List<Row> rows) {

        public Result {
            rows = List.copyOf(rows);
        }
    }

    /**
     * Trains every batch size, {@code threads} runs at a time, and analyzes the layer.
     * Progress lines go to {@code log}.
     */
    public static Result run(Setup setup, DataSplit data, int threads, Consumer<String> log)
            throws InterruptedException {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        LayerAnalyzer analyzer = new LayerAnalyzer(OPTIONS);
        Weights init = new Mlp(setup.base().layerSizes(), setup.base().seed()).weights().stream()
                .filter(w -> w.name().equals(setup.layer())).findFirst().orElseThrow();
        LayerAnalysis initial = analyzed(analyzer.analyze(init));

        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Row>> futures = new ArrayList<>();
            for (int b : setup.batchSizes()) {
                futures.add(pool.submit(() -> {
                    TrainingResult r = new Trainer(setup.configFor(b), data).run(SnapshotListener.none());
                    LayerAnalysis a = analyzed(analyzer.analyze(r.layer(setup.layer())));
                    Row row = new Row(b, r, a, PHASES.classify(a));
                    log.accept(String.format(java.util.Locale.ROOT,
                            "bs %4d: %6d steps in %5.1f s, test acc %.3f, %s alpha %.2f, %s", b, r.steps(),
                            r.elapsed().toNanos() / 1e9, r.test().accuracy(), setup.layer(),
                            a.powerLaw().alpha(), row.phase().phase().label()));
                    return row;
                }));
            }
            List<Row> rows = new ArrayList<>();
            for (Future<Row> f : futures) {
                rows.add(f.get());
            }
            rows.sort(Comparator.comparingInt(Row::batchSize));
            return new Result(setup, initial, PHASES.classify(initial), rows);
        } catch (ExecutionException e) {
            throw new IllegalStateException("a run of the sweep failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private static LayerAnalysis analyzed(LayerResult r) {
        if (r instanceof SkippedLayer s) {
            throw new IllegalArgumentException("the engine skipped layer " + s.layer() + ": " + s.detail()
                    + "; pick a hidden layer with at least " + OPTIONS.minEvals() + " eigenvalues");
        }
        return (LayerAnalysis) r;
    }
}
