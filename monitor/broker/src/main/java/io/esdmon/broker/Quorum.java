package io.esdmon.broker;

import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * A node's place in a multi-node KRaft cluster with a static controller quorum, where every node is
 * both broker and controller: a majority of the nodes must be up for the cluster to work (2 of 3).
 *
 * @param nodeId           this node's id, a key of {@code controllerPorts}
 * @param clusterId        the cluster id every node's storage is formatted with (a Kafka {@code Uuid} string)
 * @param controllerPorts  every node's controller port by node id (all on the settings' host)
 */
public record Quorum(int nodeId, String clusterId, Map<Integer, Integer> controllerPorts) {

    public Quorum {
        if (clusterId == null || clusterId.isBlank()) {
            throw new IllegalArgumentException("a cluster needs a cluster id (Uuid.randomUuid().toString())");
        }
        if (controllerPorts == null || !controllerPorts.containsKey(nodeId)) {
            throw new IllegalArgumentException("node " + nodeId + " must be one of the quorum's nodes "
                    + (controllerPorts == null ? "{}" : controllerPorts.keySet()));
        }
        if (controllerPorts.values().stream().anyMatch(p -> p < 1 || p > 65535)) {
            throw new IllegalArgumentException("controller ports must be fixed (1..65535) so that nodes find each"
                    + " other, got " + controllerPorts);
        }
        controllerPorts = Map.copyOf(new TreeMap<>(controllerPorts));
    }

    /** Number of nodes. */
    public int size() {
        return controllerPorts.size();
    }

    /** This node's controller port. */
    public int controllerPort() {
        return controllerPorts.get(nodeId);
    }

    /** Kafka's {@code controller.quorum.voters}: {@code id@host:port,...}. */
    public String voters(String host) {
        return new TreeMap<>(controllerPorts).entrySet().stream().map(e -> e.getKey() + "@" + host + ":" + e.getValue())
                .collect(Collectors.joining(","));
    }
}
