package io.esdmon.replay;

import io.esdmon.pipeline.MonitorConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Re-analyzes a past run from esd.snapshots under a (new) configuration and writes the analyses and
 * transitions next to the monitor's, tagged with the configuration's ids and the replay's headers.
 *
 * <p>It reads every partition of the snapshot topic with an assigned consumer and no consumer group
 * (nothing is committed, no group is joined, so the monitor's group and its offsets are untouched),
 * from the offsets of --from to those of --to found with the offsets-for-times lookup, and stops at the
 * end offsets found at the start. The run's snapshots go through the monitor's own reassembly, engine
 * step, phase state and record builders ({@link RunSnapshots}, {@link ReplayAnalyses}), each layer in the
 * order the monitor consumed it, so that a replay under the monitor's configuration reproduces its
 * records: same ids and values, except the times {@code analyzed_at}, {@code engine_nanos} and
 * {@code detected_at}. Blocking: run it on a thread of its own.
 */
public final class Replay {

    private static final Logger LOG = LoggerFactory.getLogger(Replay.class);
    private static final long PROGRESS_EVERY_NANOS = 250_000_000L;

    private Replay() {
    }

    /**
     * Runs the replay to its end.
     *
     * @param progress  told how far it is, about four times a second and once at the end (on this thread)
     * @throws ReplayException when the run is not in the range, the range holds no record, a topic is
     *                         missing, or Kafka fails; the message says which and what to do
     * @throws InterruptedException when the thread is interrupted (the replay is cancelled; what was
     *                              written stays)
     */
    public static ReplaySummary run(ReplayRequest request, Consumer<ReplayProgress> progress)
            throws InterruptedException {
        long t0 = System.nanoTime();
        String snapshots = request.topics().snapshots();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerConfig(request),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            PartitionWindow.partitions(consumer, request.topics().analyses(), request.kafkaTimeout());
            PartitionWindow.partitions(consumer, request.topics().transitions(), request.kafkaTimeout());
            List<PartitionWindow> windows = PartitionWindow.of(consumer, snapshots, request.from(), request.to(),
                    request.kafkaTimeout());
            long total = windows.stream().mapToLong(PartitionWindow::inRange).sum();
            if (total == 0) {
                throw new ReplayException(snapshots + " has no records " + range(request) + retained(consumer,
                        windows, request) + "; nothing to replay");
            }
            LOG.info("replay {} of run {} under {} / {}: {} records of {} in range {}", request.id(), request.run(),
                    request.config().configId(), request.config().classifierConfigId(), total, snapshots,
                    range(request));
            try (ReplayOutputs outputs = new ReplayOutputs(request.kafka(), request.topics(), request.id(),
                    request.tag());
                    ReplayAnalyses analyses = new ReplayAnalyses(request.config(), request.workers(),
                            MonitorConfig.defaults(request.kafka()).analysisTimeout(), outputs,
                            Clock.systemUTC())) {
                RunSnapshots reading = new RunSnapshots(consumer, request.run(), windows, request.reassembly(),
                        request.kafkaTimeout());
                long[] reportedAt = {0};
                Runnable report = () -> {
                    long now = System.nanoTime();
                    if (now - reportedAt[0] >= PROGRESS_EVERY_NANOS) {
                        reportedAt[0] = now;
                        progress.accept(progress(reading, analyses, outputs, total, t0));
                    }
                };
                reading.read(snapshot -> {
                    analyses.submit(snapshot);
                    report.run();
                }, report);
                analyses.drain();
                outputs.flush();
                progress.accept(progress(reading, analyses, outputs, total, t0));
                if (reading.chunksOfRun() == 0) {
                    throw new ReplayException(unknownRun(request, reading, consumer, windows));
                }
                ReplaySummary summary = new ReplaySummary(request.id(), request.run(), request.tag(),
                        request.config().configId(), request.config().classifierConfigId(), request.from(),
                        request.to(), reading.recordsRead(), analyses.layers(), analyses.steps(), analyses.submitted(),
                        outputs.analysesWritten(), analyses.skipped(), outputs.transitionsWritten(),
                        analyses.failed() + reading.rejected(), reading.incomplete(),
                        Duration.ofNanos(System.nanoTime() - t0));
                summary.lines().forEach(l -> LOG.info("{}", l));
                return summary;
            }
        } catch (InterruptException e) {
            throw new InterruptedException("the replay was cancelled");
        } catch (KafkaException e) {
            throw new ReplayException("Kafka at " + request.kafka().get("bootstrap.servers") + " failed: "
                    + e.getMessage(), e);
        }
    }

    /** The reader's settings: the client properties, assigned partitions, no group, nothing committed. */
    static Map<String, Object> consumerConfig(ReplayRequest request) {
        Map<String, Object> c = new HashMap<>(request.kafka());
        c.remove("group.id");
        c.remove("group.instance.id");
        c.put("enable.auto.commit", "false");
        c.put("auto.offset.reset", "earliest");
        c.put("client.id", "esdmon-replay-" + request.id());
        // at most 64 chunks (~48 MiB) per poll, as the monitor's ingest
        c.put("max.poll.records", "64");
        return c;
    }

    private static ReplayProgress progress(RunSnapshots reading, ReplayAnalyses analyses, ReplayOutputs outputs,
            long total, long t0) {
        return new ReplayProgress(reading.recordsRead(), total, analyses.submitted(), analyses.layers(),
                outputs.analysesWritten(), analyses.transitions(), Duration.ofNanos(System.nanoTime() - t0));
    }

    private static String range(ReplayRequest r) {
        if (r.from().isEmpty() && r.to().isEmpty()) {
            return "(the whole topic)";
        }
        return "between " + r.from().map(Instant::toString).orElse("the oldest record") + " and "
                + r.to().map(Instant::toString).orElse("now");
    }

    /** What the topic still holds: snapshots older than its retention are gone and cannot be replayed. */
    private static String retained(KafkaConsumer<byte[], byte[]> consumer, List<PartitionWindow> windows,
            ReplayRequest r) {
        OptionalLong oldest = PartitionWindow.oldestTimestamp(consumer, windows.stream()
                .map(PartitionWindow::partition).toList(), r.kafkaTimeout());
        return oldest.isEmpty() ? " (the topic is empty)"
                : " (it holds records from " + Instant.ofEpochMilli(oldest.getAsLong()) + " on; older ones were"
                        + " removed by its retention, docs/replay.md)";
    }

    private static String unknownRun(ReplayRequest r, RunSnapshots reading, KafkaConsumer<byte[], byte[]> consumer,
            List<PartitionWindow> windows) {
        return "no snapshots of run '" + r.run() + "' in " + r.topics().snapshots() + " " + range(r) + " ("
                + reading.recordsRead() + " records read" + (reading.otherRuns().isEmpty() ? ""
                        : "; runs found there include " + String.join(", ", reading.otherRuns())) + ")"
                + retained(consumer, windows, r) + "; check the run id and the range";
    }
}
