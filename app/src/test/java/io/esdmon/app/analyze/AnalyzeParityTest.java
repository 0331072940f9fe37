package io.esdmon.app.analyze;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.esdmon.engine.reference.ColumnCheck;
import io.esdmon.engine.reference.WeightWatcherReference;
import io.esdmon.engine.testutil.ReferenceFiles;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * End to end: {@code esdmon analyze --json} on the 18 reference matrices, every column checked
 * against WeightWatcher 0.7.5.5's rows (weightwatcher.json) within the tolerances of
 * shared/reference/README.md. Randomized columns depend on the shuffle, so they are checked
 * loosely, except rand_W_scale, which a shuffle cannot change.
 */
class AnalyzeParityTest {

    /** WW's identifiers of its own model, replaced by esdmon's layer and file columns. */
    private static final Set<String> WW_IDENTIFIERS = Set.of("layer_id", "name", "longname");

    /** How close a value must be: |ours − ww| ≤ max(rel·|ww|, abs). rel = abs = 0 means equal. */
    private record Tolerance(double rel, double abs) {
        static final Tolerance EXACT = new Tolerance(0, 0);

        static Tolerance rel(double rel) {
            return new Tolerance(rel, 0);
        }

        static Tolerance abs(double abs) {
            return new Tolerance(0, abs);
        }
    }

    private static final Map<String, Tolerance> TOLERANCES = new HashMap<>();

    static {
        for (String c : List.of("N", "M", "rf", "num_evals", "matrix_rank", "rank_loss", "weak_rank_loss",
                "num_pl_spikes", "has_esd", "status", "warning", "layer_type", "detX_num")) {
            TOLERANCES.put(c, Tolerance.EXACT);
        }
        TOLERANCES.put("Q", Tolerance.rel(1e-12));
        for (String c : List.of("alpha", "D", "sigma", "sigma_mp", "bulk_max", "bulk_min", "mp_softrank")) {
            TOLERANCES.put(c, Tolerance.rel(1e-3));
        }
        // eigenvalues themselves: 1e-5 relative
        for (String c : List.of("xmin", "xmax", "detX_val", "detX_val_unrescaled")) {
            TOLERANCES.put(c, Tolerance.rel(1e-5));
        }
        for (String c : List.of("norm", "log_norm", "spectral_norm", "log_spectral_norm", "lambda_max", "stable_rank",
                "entropy", "alpha_weighted", "log_alpha_norm", "sv_max", "W_scale", "rand_W_scale")) {
            TOLERANCES.put(c, Tolerance.rel(1e-6));
        }
        TOLERANCES.put("num_spikes", Tolerance.abs(1));
        // randomized: another shuffle of the same entries, so only the same ballpark; the largest shuffled
        // eigenvalue of the small conv layer (M = 16 per slice) moves by up to ~20 % between shuffles
        for (String c : List.of("max_rand_eval", "rand_sigma_mp", "rand_bulk_max", "rand_bulk_min", "rand_mp_softrank",
                "ww_softrank")) {
            TOLERANCES.put(c, Tolerance.rel(0.25));
        }
        TOLERANCES.put("rand_num_spikes", Tolerance.abs(3));
        TOLERANCES.put("rand_distance", Tolerance.abs(0.05));
    }

    private static Map<String, JsonNode> full;
    private static Map<String, JsonNode> wwDefault;
    private static Cli.Result fullRun;

    @BeforeAll
    static void analyzeTheReferenceFolder() {
        String dir = ReferenceFiles.matricesDir().toString();
        fullRun = Cli.run("analyze", "--json", dir);
        full = byLayer(fullRun);
        wwDefault = byLayer(Cli.run("analyze", "--json", "--ww-default", dir));
    }

    @Test
    void everyLayerIsReportedAndOnlyTheTooSmallOneSkipped() {
        assertEquals(0, fullRun.exit(), fullRun.err());
        assertEquals("", fullRun.err());
        assertEquals(new TreeSet<>(WeightWatcherReference.matrices()), new TreeSet<>(full.keySet()));
        for (Map<String, JsonNode> run : List.of(full, wwDefault)) {
            JsonNode small = run.get("gauss_100x8_toosmall");
            assertEquals("skipped", small.get("status").asText());
            assertTrue(small.get("skip_reason").asText().contains("minEvals"), small.toString());
            assertEquals(100, small.get("N").asInt());
            assertEquals(8, small.get("M").asInt());
            assertTrue(small.get("alpha").isNull());
        }
    }

    @Test
    void wwDefaultMatchesWeightWatchersDefaultRows() {
        assertMatches("default", wwDefault);
    }

    @Test
    void defaultsMatchWeightWatchersDefaultAndMpRandDetxRows() {
        assertMatches("default", full);
        assertMatches("mp_rand_detx", full);
    }

    @Test
    void columnsAreWeightWatchersForEachConfig() {
        JsonNode any = full.get("gauss_1000x500");
        Set<String> ours = fieldNames(any);
        Set<String> ww = fieldNames(wwRow("gauss_1000x500", "mp_rand_detx"));
        ww.removeAll(WW_IDENTIFIERS);
        assertTrue(ours.containsAll(ww), "missing: " + difference(ww, ours));
        assertTrue(ours.contains("correlation_traps"), "randomize=True adds the correlation traps");

        Set<String> plain = fieldNames(wwDefault.get("gauss_1000x500"));
        Set<String> wwPlain = fieldNames(wwRow("gauss_1000x500", "default"));
        wwPlain.removeAll(WW_IDENTIFIERS);
        assertTrue(plain.containsAll(wwPlain), "missing: " + difference(wwPlain, plain));
        Set<String> extra = difference(plain, wwPlain);
        assertTrue(extra.containsAll(Set.of("phase", "phase_rule", "phase_margin", "phase_robust_bulk_max")), "" + extra);
        extra.removeIf(c -> c.startsWith("phase"));
        assertEquals(Set.of("layer", "file", "skip_reason"), extra,
                "--ww-default adds columns WW's analyze() lacks, besides the phase and its evidence");
    }

    private static void assertMatches(String config, Map<String, JsonNode> ours) {
        int compared = 0;
        for (String matrix : WeightWatcherReference.matrices()) {
            for (WeightWatcherReference.Case reference : WeightWatcherReference.cases(matrix, config)) {
                JsonNode row = ours.get(matrix);
                ColumnCheck check = new ColumnCheck(reference);
                for (String column : fieldNames(reference.row())) {
                    if (WW_IDENTIFIERS.contains(column)) {
                        continue;
                    }
                    JsonNode actual = row.get(column);
                    if (actual == null) {
                        check.text(column, "(no such column)");
                    } else if (!reference.row().get(column).isNumber()) {
                        check.text(column, actual.asText());
                    } else {
                        Tolerance t = tolerance(column, reference);
                        check.close(column, actual.isNull() ? Double.NaN : actual.asDouble(), t.rel(), t.abs());
                    }
                    compared++;
                }
                check.verify();
            }
        }
        assertTrue(compared > 17 * 25, "compared only " + compared + " values");
    }

    private static Tolerance tolerance(String column, WeightWatcherReference.Case ww) {
        if (column.equals("sv_min")) {
            // the smallest singular value: eigenvalues below 1e-6·λmax carry no relative guarantee
            return new Tolerance(1e-5, 1e-3 * ww.num("sv_max"));
        }
        if (column.equals("ww_maxdist")) {
            return Tolerance.abs(0.25 * ww.num("lambda_max"));
        }
        Tolerance t = TOLERANCES.get(column);
        if (t == null) {
            throw new AssertionError("no tolerance for WW column " + column);
        }
        return t;
    }

    private static Map<String, JsonNode> byLayer(Cli.Result run) {
        Map<String, JsonNode> rows = new HashMap<>();
        for (JsonNode row : run.json()) {
            assertFalse(rows.containsKey(row.get("layer").asText()), "duplicate layer " + row.get("layer"));
            rows.put(row.get("layer").asText(), row);
        }
        return rows;
    }

    /** WeightWatcher's details row of a matrix it analyzed. */
    static JsonNode wwRow(String matrix, String config) {
        return WeightWatcherReference.cases(matrix, config).get(0).row();
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new HashSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static Set<String> difference(Set<String> a, Set<String> b) {
        Set<String> d = new TreeSet<>(a);
        d.removeAll(b);
        return d;
    }
}
