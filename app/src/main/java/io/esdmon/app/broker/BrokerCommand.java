package io.esdmon.app.broker;

import io.esdmon.broker.BrokerSettings;
import io.esdmon.broker.KafkaBroker;
import io.esdmon.broker.PortInUseException;
import io.esdmon.wire.topics.EsdTopics;
import io.esdmon.wire.topics.TopicAdmin;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code esdmon broker}: a local single-node Kafka broker with esdmon's topics, until Ctrl-C. */
@Command(name = "broker", mixinStandardHelpOptions = true,
        description = {"Runs a real single-node Kafka broker (KRaft, Kafka's own server code) in this process and"
                + " creates esdmon's topics. Prints the bootstrap address, then runs until Ctrl-C, which shuts"
                + " it down cleanly.", "The data directory is formatted on first use and reused afterwards."})
public final class BrokerCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--port", defaultValue = "9092", description = "client port (default: ${DEFAULT-VALUE}; 0 = any free port)")
    int port;

    @Option(names = "--controller-port", description = "KRaft controller port (default: port + 1; keep it fixed"
            + " when reusing --data)")
    Integer controllerPort;

    @Option(names = "--host", defaultValue = "localhost", description = "host to bind and advertise (default: ${DEFAULT-VALUE})")
    String host;

    @Option(names = "--data", defaultValue = "data/kafka", description = "data directory (default: ${DEFAULT-VALUE})")
    Path data;

    @Option(names = "--partitions", defaultValue = "" + EsdTopics.DEFAULT_PARTITIONS,
            description = "partitions of the snapshot, analysis and transition topics (default: ${DEFAULT-VALUE})")
    int partitions;

    @Option(names = "--no-topics", description = "do not create esdmon's topics")
    boolean noTopics;

    private final CountDownLatch stopped = new CountDownLatch(1);

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (partitions < 1) {
            err.println("esdmon broker: --partitions must be at least 1, got " + partitions);
            return 2;
        }
        int cport = controllerPort != null ? controllerPort : (port == 0 ? 0 : port + 1);
        KafkaBroker broker;
        try {
            broker = KafkaBroker.start(new BrokerSettings(host, port, cport, data, false, Map.of()));
        } catch (PortInUseException e) {
            err.println("esdmon broker: " + e.getMessage() + " with " + ("port".equals(e.what()) ? "--port"
                    : "--controller-port"));
            return 1;
        } catch (IllegalArgumentException | IllegalStateException e) {
            err.println("esdmon broker: " + e.getMessage());
            return 1;
        }
        Thread hook = new Thread(() -> {
            out.println("esdmon broker: shutting down");
            out.flush();
            broker.close();
            out.println("esdmon broker: stopped");
            out.flush();
            stopped.countDown();
        }, "esdmon-broker-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);

        out.println("esdmon broker: Kafka " + KafkaBroker.kafkaVersion() + " (KRaft, 1 node) ready");
        out.println("bootstrap servers: " + broker.bootstrapServers());
        out.println("data: " + data.toAbsolutePath());
        if (!noTopics) {
            try (Admin admin = broker.admin()) {
                for (TopicAdmin.Outcome o : new TopicAdmin(admin, Duration.ofSeconds(30))
                        .ensure(EsdTopics.DEFAULT.specs(partitions, 1))) {
                    out.println("topic: " + o.describe());
                }
            } catch (IllegalStateException e) {
                err.println("esdmon broker: " + e.getMessage());
            }
        }
        out.println("press Ctrl-C to stop");
        out.flush();
        stopped.await();
        return 0;
    }
}
