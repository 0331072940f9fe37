package io.esdmon.engine.testutil;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.esdmon.engine.tensor.Weights;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** WeightWatcher 0.7.5.5's outputs on the reference matrices (test resources). */
public final class Reference {

    private static final String DIR = "reference/";
    private static JsonNode root;

    private Reference() {
    }

    private static synchronized JsonNode root() {
        if (root == null) {
            try (InputStream in = Reference.class.getClassLoader().getResourceAsStream(DIR + "weightwatcher.json")) {
                root = new ObjectMapper().readTree(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return root;
    }

    /** Names of all reference matrices. */
    public static List<String> matrices() {
        List<String> names = new ArrayList<>();
        root().get("matrices").fieldNames().forEachRemaining(names::add);
        return names;
    }

    public static Weights weights(String matrix) {
        return Npy.read(DIR + "matrices/" + matrix + ".npy", matrix);
    }

    public static Optional<JsonNode> config(String matrix, String config) {
        return Optional.ofNullable(root().get("matrices").get(matrix).get("configs").get(config));
    }

    /** WW's single details row for a pooled layer, or empty if WW skipped it. */
    public static Optional<JsonNode> row(String matrix, String config) {
        return config(matrix, config).map(c -> c.get("rows")).filter(r -> r.size() > 0).map(r -> r.get(0));
    }

    /** The eigenvalues WW used (ascending), for its one analysed layer. */
    public static double[] evals(String matrix, String config) {
        JsonNode byLayer = config(matrix, config).orElseThrow().get("evals");
        return toArray(byLayer.elements().next());
    }

    public static double[] toArray(JsonNode array) {
        double[] out = new double[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asDouble();
        }
        return out;
    }
}
