package io.esdmon.trainer.experiment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.esdmon.trainer.LearningRate;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sweep runner's options and how it rewrites its block of a hand-written page. */
class BatchSizeExperimentTest {

    @Test
    void optionsBuildTheDocumentedSetup() {
        BatchSizeSweep.Setup s = BatchSizeExperiment.setup(BatchSizeExperiment.parse(new String[] {
            "--hidden", "100,50", "--lr", "0.1", "--lr-scaling", "linear", "--lr-reference-batch", "16",
            "--momentum", "0.9", "--batch-sizes", "8, 64", "--epochs", "3"}));
        assertArrayEquals(new int[] {64, 100, 50, 10}, s.base().layerSizes());
        assertArrayEquals(new int[] {8, 64}, s.batchSizes());
        assertEquals(new LearningRate(0.1, LearningRate.Scaling.LINEAR, 16), s.base().learningRate());
        assertEquals(0.4, s.configFor(64).effectiveLearningRate(), 1e-12);
        assertEquals("bs64", s.configFor(64).runId());
        assertEquals(0.9, s.base().momentum());
        assertEquals(3, s.base().epochs());
        assertEquals("fc2", s.layer());
    }

    @Test
    void rejectsUnknownOptionsAndLayers() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BatchSizeExperiment.parse(new String[] {"--batchsizes", "8"}));
        assertTrue(e.getMessage().contains("--batch-sizes"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> BatchSizeExperiment.parse(new String[] {"--epochs"}));
        e = assertThrows(IllegalArgumentException.class, () -> BatchSizeExperiment.setup(
                BatchSizeExperiment.parse(new String[] {"--layer", "fc4"})));
        assertTrue(e.getMessage().contains("fc1..fc3"), e.getMessage());
    }

    @Test
    void replacesOnlyItsOwnBlockOfThePage(@TempDir Path dir) throws Exception {
        Path page = dir.resolve("page.md");
        String other = SweepReport.begin("long") + "\nold long table\n" + SweepReport.end("long") + "\n";
        Files.writeString(page, "# Title\n\nprose before\n\n" + SweepReport.begin("main") + "\nold table\n"
                + SweepReport.end("main") + "\n\nprose after\n\n" + other);
        String block = SweepReport.begin("main") + "\nnew table\n" + SweepReport.end("main") + "\n";
        BatchSizeExperiment.writePage(page, "main", block);
        assertEquals("# Title\n\nprose before\n\n" + block + "\nprose after\n\n" + other, Files.readString(page));
    }

    @Test
    void refusesAPageWithoutTheBlock(@TempDir Path dir) throws Exception {
        Path page = dir.resolve("page.md");
        Files.writeString(page, "# hand-written only\n");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> BatchSizeExperiment.writePage(page, "main", "x"));
        assertTrue(e.getMessage().contains(SweepReport.begin("main")), e.getMessage());
        assertEquals("# hand-written only\n", Files.readString(page));
    }
}
