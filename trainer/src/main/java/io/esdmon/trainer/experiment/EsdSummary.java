package io.esdmon.trainer.experiment;

import io.esdmon.engine.LayerAnalysis;
import io.esdmon.engine.mp.MpFit;

/**
 * The ESD figures the batch-size experiment tabulates for one layer, taken from an engine
 * {@link LayerAnalysis} (WeightWatcher column names in brackets).
 *
 * @param alpha        power-law exponent of the ESD tail (alpha)
 * @param xmin         start of the fitted tail (xmin)
 * @param numPlSpikes  eigenvalues in the fitted tail (num_pl_spikes)
 * @param mpSoftrank   MP bulk edge over λ_max (mp_softrank); −1 if the MP fit failed
 * @param numSpikes    eigenvalues beyond the MP bulk edge plus Tracy–Widom margin (num_spikes)
 * @param stableRank   Σλ / λ_max (stable_rank)
 * @param lambdaMax    largest eigenvalue (lambda_max)
 * @param bulkMax      MP bulk edge λ₊ in original units (bulk_max)
 */
public record EsdSummary(double alpha, double xmin, int numPlSpikes, double mpSoftrank, int numSpikes,
        double stableRank, double lambdaMax, double bulkMax) {

    /** The summary of an analysis made with the MP fit switched on. */
    public static EsdSummary of(LayerAnalysis a) {
        MpFit mp = a.mpFit().orElseThrow(() -> new IllegalArgumentException(a.layer()
                + ": the analysis has no MP fit; analyze with AnalysisOptions.mpFit = true"));
        return new EsdSummary(a.powerLaw().alpha(), a.powerLaw().xmin(), a.powerLaw().numPlSpikes(), mp.mpSoftrank(),
                mp.numSpikes(), a.norms().stableRank(), a.spectrum().lambdaMax(), mp.bulkMax());
    }
}
