package io.esdmon.app.topics;

import io.esdmon.app.KafkaFlags;
import io.esdmon.wire.KafkaLoginFailure;
import io.esdmon.wire.topics.EsdTopics;
import io.esdmon.wire.topics.TopicAdmin;
import io.esdmon.wire.topics.TopicSpec;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code esdmon topics}: creates esdmon's four topics with their partitions, replication and
 * retention, or with {@code --dry-run} prints the {@code kafka-topics.sh} commands that would, for
 * clusters where esdmon may not create topics itself.
 */
@Command(name = "topics", mixinStandardHelpOptions = true,
        description = {"Creates esdmon's topics (esd.snapshots, esd.analyses, esd.transitions, esd.deadletter) where"
                + " they are missing, with the partitions, replication and retention of docs/kafka.md; existing"
                + " topics are kept and differences reported.",
                "--dry-run prints the equivalent kafka-topics.sh commands instead (no connection is made when"
                        + " --replication-factor is given), for a Kafka administrator to run."})
public final class TopicsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    KafkaFlags kafka;

    @Option(names = "--partitions", defaultValue = "" + EsdTopics.DEFAULT_PARTITIONS, paramLabel = "N",
            description = "partitions of the snapshot, analysis and transition topics (default: ${DEFAULT-VALUE});"
                    + " at least the number of monitor instances")
    int partitions;

    @Option(names = "--replication-factor", paramLabel = "R",
            description = "copies of each partition (default: min(3, brokers in the cluster))")
    Integer replicationFactor;

    @Option(names = "--topic-prefix", defaultValue = "", paramLabel = "P", description = "prefix of the four names")
    String topicPrefix;

    @Option(names = "--dry-run", description = "print kafka-topics.sh commands instead of creating anything")
    boolean dryRun;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        EsdTopics topics = topicPrefix.isEmpty() ? EsdTopics.DEFAULT : EsdTopics.withPrefix(topicPrefix);
        if (dryRun && replicationFactor != null) {
            printCommands(out, topics.specsReplicated(partitions, replicationFactor), kafka.bootstrapOr("BROKER:9092"));
            return 0;
        }
        Map<String, Object> client;
        try {
            client = kafka.resolve();
            if (partitions < 1) {
                throw new IllegalArgumentException("--partitions must be at least 1, got " + partitions);
            }
        } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
            err.println("esdmon topics: " + e.getMessage());
            return 2;
        }
        try (Admin admin = Admin.create(client)) {
            int brokers = admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).size();
            List<TopicSpec> specs;
            try {
                specs = replicationFactor == null ? topics.specs(partitions, brokers)
                        : topics.specsReplicated(partitions, replicationFactor);
            } catch (IllegalArgumentException e) {
                err.println("esdmon topics: " + e.getMessage());
                return 2;
            }
            if (dryRun) {
                printCommands(out, specs, client.get("bootstrap.servers").toString());
                return 0;
            }
            for (TopicAdmin.Outcome o : new TopicAdmin(admin, Duration.ofSeconds(30)).ensure(specs)) {
                out.println(o.describe());
            }
            out.flush();
            return 0;
        } catch (Exception e) {
            err.println("esdmon topics: " + KafkaLoginFailure.describe(e, client).orElseGet(() ->
                    "cannot create the topics at " + client.get("bootstrap.servers") + ": "
                            + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage())));
            return 1;
        }
    }

    /** One kafka-topics.sh line per topic. */
    static void printCommands(PrintWriter out, List<TopicSpec> specs, String bootstrap) {
        for (TopicSpec s : specs) {
            out.println("kafka-topics.sh --bootstrap-server " + bootstrap + " --create --if-not-exists --topic "
                    + s.name() + " --partitions " + s.partitions() + " --replication-factor " + s.replicationFactor()
                    + s.sortedConfigs().entrySet().stream().map(c -> " --config " + c.getKey() + "=" + c.getValue())
                            .collect(Collectors.joining()));
        }
        out.flush();
    }
}
