package io.esdmon.engine.reference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * WeightWatcher 0.7.5.5's real outputs ({@code reference/weightwatcher.json} on the test class
 * path): one {@link Case} per details row, with the eigenvalues WeightWatcher used for it.
 */
public final class WeightWatcherReference {

    private static final String RESOURCE = "/reference/weightwatcher.json";
    private static JsonNode root;

    private WeightWatcherReference() {
    }

    private static synchronized JsonNode root() {
        if (root == null) {
            try (InputStream in = WeightWatcherReference.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException(RESOURCE + " is not on the test class path");
                }
                root = new ObjectMapper().readTree(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return root;
    }

    /** Matrix names, in file order. */
    public static List<String> matrices() {
        List<String> names = new ArrayList<>();
        root().get("matrices").fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** Config names of one matrix, in file order. */
    public static List<String> configs(String matrix) {
        List<String> names = new ArrayList<>();
        configsNode(matrix).fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static JsonNode configsNode(String matrix) {
        return root().get("matrices").get(matrix).get("configs");
    }

    /** The analyze() keyword arguments of a config. */
    public static JsonNode kwargs(String matrix, String config) {
        return configsNode(matrix).get(config).get("kwargs");
    }

    /** Every details row of one config (none when WeightWatcher skipped the layer). */
    public static List<Case> cases(String matrix, String config) {
        JsonNode configs = configsNode(matrix);
        JsonNode node = configs.get(config);
        List<Case> cases = new ArrayList<>();
        for (JsonNode row : node.get("rows")) {
            String key = row.get("layer_id").asText()
                    + (row.hasNonNull("slice_id") ? ":" + row.get("slice_id").asText() : "");
            // evals are stored once per distinct eigenvalue set: in this config or in 'default'
            JsonNode evals = node.has("evals") ? node.get("evals").get(key) : configs.get("default").get("evals").get(key);
            if (evals == null) {
                throw new IllegalStateException(matrix + "/" + config + ": no evals stored for row " + key);
            }
            List<double[]> shuffles = new ArrayList<>();
            if (node.has("rand_evals")) {
                for (JsonNode shuffle : node.get("rand_evals").get(key)) {
                    shuffles.add(doubles(shuffle.get("evals")));
                }
            }
            Optional<JsonNode> trace = Optional.ofNullable(node.path("mp_fit_trace").path(key).get(0));
            Optional<JsonNode> randTrace = Optional.ofNullable(node.path("mp_fit_trace").path(key + ":rand").get(0));
            cases.add(new Case(matrix, config, key, node.get("kwargs"), row, doubles(evals), shuffles, trace, randTrace));
        }
        return cases;
    }

    static double[] doubles(JsonNode array) {
        double[] values = new double[array.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = array.get(i).isNull() ? Double.NaN : array.get(i).asDouble();
        }
        return values;
    }

    /**
     * One details row.
     *
     * @param shuffles   the stored shuffled spectra: [0] pooled replicas (max_rand_eval, rand MP fit),
     *                   [1] the single shuffle of rand_distance / ww_softrank
     * @param trace      the MP σ search of the real spectrum, when mp_fit was on
     * @param randTrace  the same for the shuffled spectrum
     */
    public record Case(String matrix, String config, String key, JsonNode kwargs, JsonNode row, double[] evals,
            List<double[]> shuffles, Optional<JsonNode> trace, Optional<JsonNode> randTrace) {

        /** A numeric column; NaN when null (WeightWatcher's NaN/None). */
        public double num(String column) {
            JsonNode v = require(column);
            return v.isNull() ? Double.NaN : v.asDouble();
        }

        public int integer(String column) {
            return require(column).asInt();
        }

        public String text(String column) {
            return require(column).asText();
        }

        public boolean has(String column) {
            return row.has(column);
        }

        public boolean isNull(String column) {
            return require(column).isNull();
        }

        /** A keyword argument of this config, or the fallback when not given. */
        public String kwarg(String name, String fallback) {
            JsonNode v = kwargs.get(name);
            return v == null ? fallback : v.asText();
        }

        private JsonNode require(String column) {
            JsonNode v = row.get(column);
            if (v == null) {
                List<String> names = new ArrayList<>();
                for (Iterator<Map.Entry<String, JsonNode>> it = row.fields(); it.hasNext();) {
                    names.add(it.next().getKey());
                }
                throw new IllegalArgumentException(matrix + "/" + config + " has no column " + column + "; has " + names);
            }
            return v;
        }

        @Override
        public String toString() {
            return matrix + "/" + config + "/" + key;
        }
    }
}
