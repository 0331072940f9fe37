package io.esdmon.wire.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.esdmon.engine.AnalysisOptions;
import io.esdmon.engine.LayerAnalysis;
import io.esdmon.engine.LayerAnalyzer;
import io.esdmon.engine.SkippedLayer;
import io.esdmon.engine.testutil.Npy;
import io.esdmon.proto.EsdHistogram;
import io.esdmon.proto.FitCurves;
import io.esdmon.proto.LayerKind;
import io.esdmon.proto.LayerStep;
import io.esdmon.wire.DeterministicIds;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class EsdPlotTest {

    private static final LayerAnalyzer ANALYZER = new LayerAnalyzer(AnalysisOptions.defaults());

    @Test
    void histogramBinsLogLambdaAndCountsTinyValuesBelow() {
        EsdHistogram h = EsdPlot.histogram(new double[] {0, 1e-20, 1, 10, 100});
        assertEquals(0, h.getLog10Lo(), 0);
        assertEquals(2, h.getLog10Hi(), 0);
        assertEquals(2, h.getBelow());
        assertEquals(EsdPlot.BINS, h.getCountsCount());
        assertEquals(1, h.getCounts(0));
        assertEquals(1, h.getCounts(EsdPlot.BINS / 2)); // log10 10 = 1 is the middle of [0, 2]
        assertEquals(1, h.getCounts(EsdPlot.BINS - 1)); // λ_max closes the last bin
        assertEquals(3, h.getCountsList().stream().mapToInt(Integer::intValue).sum());
    }

    @Test
    void aFlatSpectrumGetsAUnitWideAxis() {
        EsdHistogram h = EsdPlot.histogram(new double[] {4, 4, 4});
        assertEquals(1, h.getLog10Hi() - h.getLog10Lo(), 1e-12);
        assertEquals(3, h.getCounts(EsdPlot.BINS / 2));
    }

    /** Integrated over log10 λ, the MP curve holds the bulk's share of eigenvalues and the PL curve the tail's. */
    @Test
    void fittedCurvesCarryTheirShareOfTheSpectrum() {
        for (String matrix : List.of("gauss_1000x500", "mlp_bs8_ep150_fc2_512x1024")) {
            LayerAnalysis r = (LayerAnalysis) ANALYZER.analyze(Npy.referenceMatrix(matrix));
            double[] evals = r.spectrum().evals();
            EsdHistogram h = EsdPlot.histogram(evals);
            FitCurves c = EsdPlot.curves(h, evals, r.spectrum().n(), r.spectrum().m(), r.mpFit().orElseThrow(),
                    r.powerLaw());
            assertEquals(EsdPlot.CURVE_POINTS, c.getGridCount());

            double bulk = 0;
            for (double v : evals) {
                bulk += v <= r.mpFit().orElseThrow().bulkMax() ? 1 : 0;
            }
            bulk /= evals.length;
            double mpMass = trapezoidLog10(c.getGridList(), c.getMpDensityList(), 0, Double.MAX_VALUE);
            assertEquals(bulk, mpMass, 0.06 * bulk, matrix + ": MP mass");

            // power law between the first and last grid points inside [xmin, xmax], against the exact integral
            double xmin = r.powerLaw().xmin();
            double alpha = r.powerLaw().alpha();
            List<Double> inside = c.getGridList().stream().filter(x -> x >= xmin && x <= r.powerLaw().xmax()).toList();
            double g1 = inside.get(0);
            double g2 = inside.get(inside.size() - 1);
            double tail = (double) r.powerLaw().numPlSpikes() / evals.length;
            double exact = tail * (Math.pow(g1 / xmin, 1 - alpha) - Math.pow(g2 / xmin, 1 - alpha));
            double plMass = trapezoidLog10(c.getGridList(), c.getPlDensityList(), g1, g2);
            assertEquals(exact, plMass, 0.01 * exact, matrix + ": power-law mass");
        }
    }

    @Test
    void analysisRecordsCarryTheEngineNumbersAndDeterministicIds() {
        LayerStep source = LayerStep.newBuilder().setRunId("r").setStep(3).setLayer("gauss_1000x500")
                .setKind(LayerKind.LAYER_KIND_UNSPECIFIED).putTags("batch_size", "8").build();
        LayerAnalysis r = (LayerAnalysis) ANALYZER.analyze(Npy.referenceMatrix("gauss_1000x500"));
        Instant at = Instant.ofEpochSecond(1_700_000_000L, 5);
        io.esdmon.proto.LayerAnalysis a = AnalysisMessages.of(r, source, "snap", "cfg-1", 42, at);
        assertEquals(DeterministicIds.analysisId("r", "gauss_1000x500", 3, "cfg-1"), a.getAnalysisId());
        assertEquals(LayerKind.DENSE, a.getLayerStep().getKind());
        assertEquals("8", a.getLayerStep().getTagsOrThrow("batch_size"));
        assertEquals(r.powerLaw().alpha(), a.getMetrics().getPowerLaw().getAlpha(), 0);
        assertEquals(r.powerLaw().D(), a.getMetrics().getPowerLaw().getD(), 0);
        assertEquals(r.norms().spectralNorm(), a.getMetrics().getNorms().getLambdaMax(), 0);
        assertEquals(r.mpFit().orElseThrow().sigmaMp(), a.getMetrics().getMpFit().getSigmaMp(), 0);
        assertEquals(r.randomized().orElseThrow().numRandSpikes(),
                a.getMetrics().getRandomized().getRandMpFit().getNumSpikes());
        assertEquals(r.detX().orElseThrow().detXNum(), a.getMetrics().getDetx().getDetxNum());
        assertEquals(500, a.getSpectrum().getNumEvals());
        assertEquals(2.0, a.getSpectrum().getQ(), 0);
        assertEquals(500, a.getEsd().getCountsList().stream().mapToInt(Integer::intValue).sum()
                + a.getEsd().getBelow());
        assertEquals(42, a.getEngineNanos());
        assertEquals(5, a.getAnalyzedAt().getNanos());

        SkippedLayer s = (SkippedLayer) ANALYZER.analyze(Npy.referenceMatrix("gauss_100x8_toosmall"));
        io.esdmon.proto.LayerAnalysis skipped = AnalysisMessages.of(s, source, "snap", "cfg-1", 0, at);
        assertEquals("TOO_FEW_EVALS", skipped.getSkipped().getReason());
        assertFalse(skipped.hasMetrics());
        assertFalse(skipped.hasEsd());
        assertTrue(skipped.getSkipped().getDetail().contains("minEvals"), skipped.getSkipped().getDetail());
    }

    /** ∫ f d(log10 λ) by the trapezoid rule over the grid points within [from, to]. */
    private static double trapezoidLog10(List<Double> grid, List<Double> f, double from, double to) {
        double sum = 0;
        for (int i = 1; i < grid.size(); i++) {
            if (grid.get(i - 1) >= from && grid.get(i) <= to) {
                sum += 0.5 * (f.get(i) + f.get(i - 1)) * (Math.log10(grid.get(i)) - Math.log10(grid.get(i - 1)));
            }
        }
        return sum;
    }
}
