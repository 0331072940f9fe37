package io.esdmon.app.replay;

import io.esdmon.app.KafkaFlags;
import io.esdmon.replay.Replay;
import io.esdmon.replay.ReplayConfig;
import io.esdmon.replay.ReplayException;
import io.esdmon.replay.ReplayRequest;
import io.esdmon.replay.ReplaySummary;
import io.esdmon.replay.TimeSpec;
import io.esdmon.wire.topics.EsdTopics;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code esdmon replay}: re-analyzes a past run from esd.snapshots under another configuration and
 * writes the analyses and transitions tagged with it (docs/replay.md).
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = {"Re-analyzes a past run from the snapshots Kafka still holds, under another analysis"
                + " configuration (engine options, phase thresholds, hysteresis), and writes the analyses and phase"
                + " transitions next to the monitor's, tagged with that configuration's ids (cfg-…, phc-…) and --tag.",
                "It reads every partition of esd.snapshots without a consumer group, so the running monitor and its"
                        + " group are not disturbed. Under the monitor's own configuration it reproduces the monitor's"
                        + " records exactly (same ids). How far back it can go is set by the retention of"
                        + " esd.snapshots (1 day by default; docs/replay.md).",
                "Progress goes to standard error, the summary to standard output. Exit status: 0 done, 1 the replay"
                        + " failed (e.g. the run is not in the range), 2 bad options."})
public final class ReplayCommand implements Callable<Integer> {

    /** Set by the launcher when standard error is a terminal (as for analyze). */
    static final String TTY_PROPERTY = "esdmon.stderr.tty";

    @Spec
    CommandSpec spec;

    @Mixin
    KafkaFlags kafka;

    @Option(names = "--run", required = true, paramLabel = "RUN", description = "the run to re-analyze")
    String run;

    @Option(names = "--from", paramLabel = "TIME", description = "start of the range: an ISO-8601 instant"
            + " (2026-01-31T12:00:00Z) or a duration ago (30m, 2h, 7d); default: the oldest snapshot kept")
    String from;

    @Option(names = "--to", paramLabel = "TIME", description = "end of the range (inclusive), same forms; default: the"
            + " end of the topic when the replay starts")
    String to;

    @Option(names = "--config", paramLabel = "FILE", description = "engine options, phase thresholds and hysteresis"
            + " (a properties file, docs/replay.md); default: the monitor's defaults")
    Path config;

    @Option(names = "--tag", paramLabel = "NAME", defaultValue = "", description = "a name for this analysis version,"
            + " shown by the dashboard (at most 64 characters)")
    String tag;

    @Option(names = "--topic-prefix", defaultValue = "", description = "prefix of the topic names, as for serve")
    String topicPrefix;

    @Option(names = "--workers", paramLabel = "N", description = "engine threads (default: one per core)")
    Integer workers;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ReplayRequest request;
        try {
            request = request(Instant.now());
        } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
            err.println("esdmon replay: " + e.getMessage());
            err.flush();
            return 2;
        }
        err.println("esdmon replay: " + request.id() + " of run " + request.run() + " under "
                + request.config().configId() + " / " + request.config().classifierConfigId()
                + (request.tag().isEmpty() ? "" : ", tag '" + request.tag() + "'") + ", " + request.workers()
                + (request.workers() == 1 ? " engine thread" : " engine threads"));
        err.flush();
        ProgressLine progress = new ProgressLine(err, Boolean.getBoolean(TTY_PROPERTY));
        ReplaySummary summary;
        try {
            summary = Replay.run(request, progress::show);
        } catch (ReplayException e) {
            progress.end();
            err.println("esdmon replay: " + e.getMessage());
            err.flush();
            return 1;
        } catch (InterruptedException e) {
            progress.end();
            Thread.currentThread().interrupt();
            err.println("esdmon replay: interrupted; what was written stays (a repeat writes the same ids)");
            err.flush();
            return 1;
        }
        progress.end();
        summary.lines().forEach(out::println);
        out.flush();
        return 0;
    }

    ReplayRequest request(Instant now) {
        ReplayConfig c = config == null ? ReplayConfig.LIVE_DEFAULT : ReplayConfig.load(config);
        int threads = workers != null ? workers : Runtime.getRuntime().availableProcessors();
        return ReplayRequest.of(kafka.resolve(), run, c)
                .withTopics(topicPrefix.isEmpty() ? EsdTopics.DEFAULT : EsdTopics.withPrefix(topicPrefix))
                .withRange(time(from, now, "--from"), time(to, now, "--to")).withTag(tag).withWorkers(threads);
    }

    private static Optional<Instant> time(String text, Instant now, String what) {
        return text == null || text.isBlank() ? Optional.empty() : Optional.of(TimeSpec.parse(text, now, what));
    }
}
