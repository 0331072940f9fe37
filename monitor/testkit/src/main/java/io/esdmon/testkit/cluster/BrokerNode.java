package io.esdmon.testkit.cluster;

import io.esdmon.broker.BrokerSettings;
import io.esdmon.broker.KafkaBroker;
import io.esdmon.broker.Quorum;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One node of a {@link KafkaCluster}, run as a child JVM: starts a {@link KafkaBroker} cluster member,
 * prints {@code ready HOST:PORT} on standard output, and runs until its standard input closes (the
 * parent ended; a clean shutdown) or it is killed.
 *
 * <p>Arguments, {@code key=value}: {@code node}, {@code cluster} (id), {@code port}, {@code data},
 * {@code voters} ({@code id:controllerPort,...}), and any number of {@code prop.NAME=VALUE} broker
 * properties.
 */
public final class BrokerNode {

    private BrokerNode() {
    }

    public static void main(String[] args) throws IOException {
        Map<String, String> a = new HashMap<>();
        Map<String, String> props = new TreeMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("arguments are key=value, got " + arg);
            }
            String key = arg.substring(0, eq);
            if (key.startsWith("prop.")) {
                props.put(key.substring(5), arg.substring(eq + 1));
            } else {
                a.put(key, arg.substring(eq + 1));
            }
        }
        Map<Integer, Integer> voters = new TreeMap<>();
        for (String v : a.get("voters").split(",")) {
            String[] idPort = v.split(":");
            voters.put(Integer.parseInt(idPort[0]), Integer.parseInt(idPort[1]));
        }
        Quorum quorum = new Quorum(Integer.parseInt(a.get("node")), a.get("cluster"), voters);
        BrokerSettings settings = new BrokerSettings("localhost", Integer.parseInt(a.get("port")),
                quorum.controllerPort(), Path.of(a.get("data")), false, props, Optional.of(quorum));
        KafkaBroker broker = KafkaBroker.start(settings);
        System.out.println("ready " + broker.bootstrapServers());
        System.out.flush();
        while (System.in.read() >= 0) {
            // the parent holds our standard input open while it wants this node
        }
        broker.close();
        System.exit(0);
    }
}
