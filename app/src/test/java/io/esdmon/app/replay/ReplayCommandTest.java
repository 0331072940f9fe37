package io.esdmon.app.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.esdmon.app.analyze.Cli;
import io.esdmon.broker.KafkaBroker;
import io.esdmon.engine.tensor.Weights;
import io.esdmon.engine.testutil.Npy;
import io.esdmon.publisher.SnapshotPublisher;
import io.esdmon.publisher.StepInfo;
import io.esdmon.replay.ReplayConfig;
import io.esdmon.testkit.KafkaBrokerExtension;
import io.esdmon.wire.topics.EsdTopics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code esdmon replay} as a user runs it: progress on stderr, the summary on stdout, exit statuses. */
@ExtendWith(KafkaBrokerExtension.class)
class ReplayCommandTest {

    private static Cli.Result esdmon(String... args) {
        return Cli.run(args);
    }

    @Test
    void replaysARunUnderAConfigFileWithProgressAndSummary(KafkaBroker broker, @TempDir Path dir) throws Exception {
        EsdTopics topics = KafkaBrokerExtension.freshTopics(broker, 2);
        String prefix = topics.snapshots().substring(0, topics.snapshots().length() - "esd.snapshots".length());
        try (SnapshotPublisher p = SnapshotPublisher.create(Map.of("bootstrap.servers", broker.bootstrapServers()),
                topics.snapshots())) {
            for (int step = 0; step < 3; step++) {
                Weights w = Npy.referenceMatrix(step == 0 ? "gauss_500x500" : "spiked_1000x500_3spikes");
                p.publishStep(StepInfo.of("cli-run", 10L * step), List.of(new Weights("fc1", w.kind(), w.shape(),
                        w.values()))).get(60, TimeUnit.SECONDS);
            }
        }
        Path config = Files.writeString(dir.resolve("strict.properties"), "phase.separatedWidths = 1000\n");
        Cli.Result run = esdmon("replay", "--bootstrap", broker.bootstrapServers(), "--topic-prefix", prefix, "--run",
                "cli-run", "--config", config.toString(), "--tag", "strict", "--workers", "1");
        assertEquals(0, run.exit(), run.err());
        String classifier = ReplayConfig.load(config).classifierConfigId();
        assertTrue(run.err().contains("of run cli-run under " + ReplayConfig.LIVE_DEFAULT.configId() + " / "
                + classifier + ", tag 'strict'"), run.err());
        assertTrue(run.err().contains("esdmon replay: ["), "a progress line (not a terminal): " + run.err());
        assertTrue(run.out().contains("tagged 'strict': " + ReplayConfig.LIVE_DEFAULT.configId() + " / " + classifier),
                run.out());
        assertTrue(run.out().contains("1 layers, 3 steps, 3 snapshots analyzed"), run.out());
        assertTrue(run.out().contains("3 analyses and "), run.out());
        assertTrue(run.out().matches("(?s).*took \\d+\\.\\d s .*"), run.out());

        Cli.Result missing = esdmon("replay", "--bootstrap", broker.bootstrapServers(), "--topic-prefix", prefix, "--run",
                "no-such-run");
        assertEquals(1, missing.exit(), missing.err());
        assertTrue(missing.err().contains("no snapshots of run 'no-such-run'") && missing.err().contains("cli-run"),
                missing.err());
    }

    @Test
    void badOptionsAreUsageErrorsThatSayWhatToGive(@TempDir Path dir) throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.properties"), "phase.heavyAlpha = -1\n");
        Cli.Result r = esdmon("replay", "--bootstrap", "127.0.0.1:9", "--run", "r", "--config", bad.toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains(bad.toString()) && r.err().contains("heavyAlpha"), r.err());
        r = esdmon("replay", "--bootstrap", "127.0.0.1:9", "--run", "r", "--from", "yesterday");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("--from") && r.err().contains("ISO-8601"), r.err());
        r = esdmon("replay", "--bootstrap", "127.0.0.1:9", "--run", "r", "--config", dir.resolve("absent").toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("cannot read the replay config"), r.err());
    }
}
