package io.esdmon.trainer.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.esdmon.phases.Phase;
import io.esdmon.trainer.DigitsData;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A bounded run of the batch-size experiment (batch sizes 4, 32, 512; 6 epochs instead of 20) on
 * the real trainer, engine and phase classifier: the smaller the batch, the further the hidden
 * layer fc2 has moved from random — lower power-law α, more MP spikes, lower MP soft rank, and a
 * phase past Random-like.
 */
class BatchSizeTrendTest {

    @Test
    void smallerBatchesGiveAHeavierTailedHiddenLayer() throws InterruptedException {
        BatchSizeSweep.Setup setup = BatchSizeExperiment.setup(BatchSizeExperiment.parse(
                new String[] {"--epochs", "6", "--batch-sizes", "512,4,32"}));
        long t0 = System.nanoTime();
        BatchSizeSweep.Result r = BatchSizeSweep.run(setup, DigitsData.standardSplit(), 2, line -> { });
        Duration took = Duration.ofNanos(System.nanoTime() - t0);

        assertEquals(List.of(4, 32, 512), r.rows().stream().map(BatchSizeSweep.Row::batchSize).toList());
        EsdSummary bs4 = r.rows().get(0).esd();
        EsdSummary bs32 = r.rows().get(1).esd();
        EsdSummary bs512 = r.rows().get(2).esd();
        String table = "\n" + SweepReport.markdown(r, "BatchSizeTrendTest", "test") + "(took " + took.toSeconds()
                + " s)";

        assertTrue(bs4.alpha() < bs32.alpha() && bs32.alpha() < bs512.alpha(), "alpha not ordered" + table);
        assertTrue(bs4.mpSoftrank() < bs32.mpSoftrank() && bs32.mpSoftrank() < bs512.mpSoftrank(),
                "mp_softrank not ordered" + table);
        // 18 SGD steps at batch 512 leave fc2 random-like: no eigenvalue beyond the MP edge + TW margin
        assertEquals(0, bs512.numSpikes(), "batch 512 should still be random-like" + table);
        assertTrue(bs4.numSpikes() > 0 && bs32.numSpikes() > 0, "small batches should show spikes" + table);
        // every run learned something, so the ordering is not an artefact of a diverged run
        assertTrue(r.rows().stream().allMatch(row -> row.training().test().accuracy() > 0.3), table);

        // Phases (esdmon's classifier, default thresholds): the smaller the batch, the further along
        Phase p4 = r.rows().get(0).phase().phase();
        Phase p32 = r.rows().get(1).phase().phase();
        Phase p512 = r.rows().get(2).phase().phase();
        assertEquals(Phase.RANDOM_LIKE, p512, table);
        assertTrue(p4.atLeastAsFarAs(Phase.BULK_PLUS_SPIKES), table);
        assertTrue(p4.atLeastAsFarAs(p32) && p32.atLeastAsFarAs(p512) && p32 != Phase.RANDOM_LIKE, table);
    }
}
