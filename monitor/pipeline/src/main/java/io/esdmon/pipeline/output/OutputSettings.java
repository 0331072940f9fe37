package io.esdmon.pipeline.output;

import java.util.Map;
import java.util.TreeMap;

/**
 * How esdmon's outputs (analyses, transitions, dead letters) are produced: acknowledged by every
 * in-sync replica, idempotent, lz4-compressed. The monitor's output verticle and a replay use the same
 * settings.
 */
public final class OutputSettings {

    private OutputSettings() {
    }

    /** esdmon's producer defaults overlaid with the configured client properties, under {@code clientId}. */
    public static Map<String, String> producerConfig(Map<String, String> kafka, String clientId) {
        Map<String, String> p = new TreeMap<>();
        p.put("acks", "all");
        p.put("enable.idempotence", "true");
        p.put("linger.ms", "5");
        p.put("compression.type", "lz4");
        p.put("client.id", clientId);
        p.putAll(kafka);
        return p;
    }
}
