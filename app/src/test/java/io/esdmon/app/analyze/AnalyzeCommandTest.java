package io.esdmon.app.analyze;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.esdmon.engine.testutil.ReferenceFiles;
import io.esdmon.formats.TestFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The analyze command's outputs, options and error handling. */
class AnalyzeCommandTest {

    @TempDir
    Path dir;

    private static Path reference(String matrix) {
        return ReferenceFiles.matricesDir().resolve(matrix + ".npy");
    }

    @Test
    void csvHasTheJsonColumnsAndValues() {
        String[] files = {reference("spiked_1000x500_3spikes").toString(), reference("gauss_100x8_toosmall").toString(),
            reference("conv_32x16x3x3_init").toString()};
        Cli.Result csv = Cli.run(concat(new String[] {"analyze", "--csv", "--no-randomize"}, files));
        Cli.Result json = Cli.run(concat(new String[] {"analyze", "--json", "--no-randomize"}, files));
        assertEquals(0, csv.exit(), csv.err());
        List<String> lines = csv.out().lines().toList();
        assertEquals(4, lines.size(), csv.out());
        List<String> header = Arrays.asList(lines.get(0).split(","));
        JsonNode rows = json.json();
        List<String> jsonColumns = new ArrayList<>();
        rows.get(0).fieldNames().forEachRemaining(jsonColumns::add);
        assertEquals(jsonColumns, header);
        assertFalse(header.contains("rand_distance"), "--no-randomize drops the rand_* columns");
        assertTrue(header.containsAll(List.of("sigma_mp", "num_spikes", "detX_num")));
        for (int r = 0; r < 3; r++) {
            String[] cells = lines.get(r + 1).split(",", -1);
            assertEquals(header.size(), cells.length, lines.get(r + 1));
            for (int c = 0; c < cells.length; c++) {
                JsonNode value = rows.get(r).get(header.get(c));
                String where = rows.get(r).get("layer").asText() + " " + header.get(c);
                if (value.isNull()) {
                    assertEquals("", cells[c], where);
                } else if (value.isNumber()) {
                    assertEquals(value.asDouble(), Double.parseDouble(cells[c]), 0.0, where);
                } else {
                    assertEquals(value.asText(), cells[c], where);
                }
            }
        }
        assertEquals(3, AnalyzeParityTest.wwRow("spiked_1000x500_3spikes", "mp_rand_detx").get("num_spikes")
                .asInt());
        assertEquals(3, rows.get(0).get("num_spikes").asInt());
    }

    @Test
    void tableShowsHeadlineMetricsAndSkipReasons() {
        Cli.Result table = Cli.run("analyze", reference("mlp_bs8_ep150_fc2_512x1024").toString(),
                reference("gauss_100x8_toosmall").toString());
        assertEquals(0, table.exit(), table.err());
        List<String> lines = table.out().lines().toList();
        assertEquals(3, lines.size(), table.out());
        assertEquals(List.of("layer", "N×M", "Q", "num_evals", "alpha", "D", "xmin", "stable_rank", "mp_softrank",
                "num_spikes", "num_rand_spikes", "matrix_rank", "phase", "warning"), Arrays.asList(lines.get(0).trim()
                .split("\\s+")));
        JsonNode ww = AnalyzeParityTest.wwRow("mlp_bs8_ep150_fc2_512x1024", "mp_rand_detx");
        List<String> cells = Arrays.asList(lines.get(1).trim().split("\\s+"));
        assertEquals("mlp_bs8_ep150_fc2_512x1024", cells.get(0));
        assertEquals("1024×512", cells.get(1));
        assertEquals(String.format(Locale.ROOT, "%.3f", ww.get("alpha").asDouble()), cells.get(4));
        assertEquals(ww.get("matrix_rank").asText(), cells.get(11));
        assertEquals("HEAVY_TAILED", cells.get(12));
        assertEquals(13, cells.size(), "empty warning for 2 <= alpha <= 6: " + cells);
        assertTrue(lines.get(2).matches("gauss_100x8_toosmall\\s+100×8\\s+skipped: .*minEvals.*"), lines.get(2));
    }

    @Test
    void jsonCarriesThePhaseAndItsEvidence() {
        JsonNode rows = Cli.run("analyze", "--json", reference("spiked_1000x500_3spikes").toString(),
                reference("lowrank20_500x250_exact").toString()).json();
        assertEquals("BULK_PLUS_SPIKES", rows.get(0).get("phase").asText());
        assertEquals("SEPARATED_SPIKES", rows.get(0).get("phase_rule").asText());
        assertEquals(3, rows.get(0).get("phase_num_outliers").asInt());
        assertTrue(rows.get(0).get("phase_margin").asDouble() > 0);
        assertEquals("RANK_COLLAPSE", rows.get(1).get("phase").asText());
        assertTrue(rows.get(1).get("phase_near_zero_fraction").asDouble() > 0.9);
    }

    @Test
    void phaseThresholdsComeFromAConfigFile() throws Exception {
        Path config = Files.writeString(dir.resolve("phases.properties"), "# stricter rank collapse\n"
                + "rankCollapseFraction = 0.95\n");
        JsonNode row = Cli.run("analyze", "--json", "--phase-config", config.toString(),
                reference("lowrank20_500x250_exact").toString()).json().get(0);
        assertFalse(row.get("phase").asText().equals("RANK_COLLAPSE"), "92% zeros is below 0.95: " + row);

        Path bad = Files.writeString(dir.resolve("bad.properties"), "heavyAlfa=3\n");
        Cli.Result result = Cli.run("analyze", "--phase-config", bad.toString(), reference("gauss_500x500").toString());
        assertEquals(2, result.exit());
        assertTrue(result.err().contains("heavyAlfa") && result.err().contains("bad.properties"), result.err());
        assertEquals(1, result.err().strip().lines().filter(l -> !l.isBlank() && !l.contains("--help")).count(),
                result.err());
    }

    @Test
    void tableDropsColumnsOfMetricsSwitchedOff() {
        Cli.Result table = Cli.run("analyze", "--ww-default", reference("gauss_500x500").toString());
        assertEquals(List.of("layer", "N×M", "Q", "num_evals", "alpha", "D", "xmin", "stable_rank", "matrix_rank",
                "phase", "warning"), Arrays.asList(table.out().lines().findFirst().orElseThrow().trim().split("\\s+")));
    }

    @Test
    void badFilesAreReportedAndTheOthersStillAnalyzed() throws Exception {
        Files.copy(reference("gauss_500x500"), dir.resolve("a_good.npy"));
        byte[] bytes = Files.readAllBytes(reference("gauss_1000x500"));
        Files.write(dir.resolve("b_truncated.npy"), Arrays.copyOf(bytes, bytes.length / 2));
        Files.writeString(dir.resolve("c_text.safetensors"), "this is not a safetensors file");
        double[] nan = new double[400];
        nan[7] = Double.NaN;
        new TestFiles.Safetensors().tensor("ok.weight", "F32", new int[] {20, 20}, randoms(400))
                .tensor("broken.weight", "F32", new int[] {20, 20}, nan)
                .tensor("ok.bias", "F32", new int[] {20}, new double[20])
                .write(dir.resolve("d_model.safetensors"));
        Path missing = dir.resolve("missing.npy");

        Cli.Result run = Cli.run("analyze", "--json", "--no-randomize", dir.toString(), missing.toString());

        assertEquals(1, run.exit());
        List<String> errors = run.err().lines().toList();
        assertEquals(4, errors.size(), run.err());
        assertTrue(errors.get(0).startsWith("esdmon: " + dir.resolve("b_truncated.npy") + ": truncated"), errors.get(0));
        assertTrue(errors.get(1).startsWith("esdmon: " + dir.resolve("c_text.safetensors") + ": "), errors.get(1));
        assertEquals("esdmon: " + missing + ": no such file or directory", errors.get(2));
        assertTrue(errors.get(3).startsWith("esdmon: " + dir.resolve("d_model.safetensors") + ": broken.weight: 1 of "
                + "400 weights are not finite"), errors.get(3));
        assertFalse(run.err().contains("\tat "), "no stack traces for bad input");
        JsonNode rows = run.json();
        assertEquals(List.of("a_good", "ok.weight", "ok.bias"), layers(rows));
        assertEquals("success", rows.get(0).get("status").asText());
        assertEquals("success", rows.get(1).get("status").asText());
        assertEquals("not_analyzed", rows.get(2).get("status").asText());
        assertTrue(rows.get(2).get("skip_reason").asText().contains("1-D vector"));
    }

    @Test
    void aDirectoryWithoutWeightFilesIsAnError() {
        Cli.Result run = Cli.run("analyze", dir.toString());
        assertEquals(1, run.exit());
        assertEquals("esdmon: " + dir + ": no .npy or .safetensors files in this directory\n", run.err());
    }

    @Test
    void fixFingersAddsWeightWatchersColumns() throws Exception {
        Cli.Result run = Cli.run("analyze", "--json", "--ww-default", "--fix-fingers", "clip_xmax",
                reference("pareto_mu1.5_1000x500").toString());
        assertEquals(0, run.exit(), run.err());
        JsonNode row = run.json().get(0);
        JsonNode ww = AnalyzeParityTest.wwRow("pareto_mu1.5_1000x500", "fix_fingers_clip_xmax");
        assertEquals(ww.get("num_fingers").asInt(), row.get("num_fingers").asInt());
        assertEquals(ww.get("raw_alpha").asDouble(), row.get("raw_alpha").asDouble(), 1e-3 * ww.get("raw_alpha")
                .asDouble());
        assertEquals(ww.get("alpha").asDouble(), row.get("alpha").asDouble(), 1e-3 * ww.get("alpha").asDouble());
    }

    /** The ×2e-3 copy of a trained layer: WW's absolute floor changes its alpha, a relative floor does not. */
    @Test
    void relativePlFloorMakesAlphaScaleFree() {
        String scaled = reference("mlp_bs8_ep150_fc2_scaled2e-3").toString();
        double wwFloor = Cli.run("analyze", "--json", "--ww-default", scaled).json().get(0).get("alpha").asDouble();
        double relative = Cli.run("analyze", "--json", "--ww-default", "--pl-floor", "1e-7", "--pl-floor-relative",
                scaled).json().get(0).get("alpha").asDouble();
        double wwScaled = AnalyzeParityTest.wwRow("mlp_bs8_ep150_fc2_scaled2e-3", "default").get("alpha").asDouble();
        double wwUnscaled = AnalyzeParityTest.wwRow("mlp_bs8_ep150_fc2_512x1024", "default").get("alpha").asDouble();
        assertEquals(wwScaled, wwFloor, 1e-3 * wwScaled);
        assertEquals(wwUnscaled, relative, 1e-3 * wwUnscaled);
        assertTrue(Math.abs(wwScaled - wwUnscaled) > 0.3, "the reference pair really differs");
    }

    @Test
    void noConvNormMatchesWeightWatchersConv2dNormFalse() {
        JsonNode row = Cli.run("analyze", "--json", "--ww-default", "--no-conv-norm",
                reference("conv_32x16x3x3_init").toString()).json().get(0);
        JsonNode ww = AnalyzeParityTest.wwRow("conv_32x16x3x3_init", "conv2d_norm_false");
        assertEquals(ww.get("norm").asDouble(), row.get("norm").asDouble(), 1e-6 * ww.get("norm").asDouble());
        assertEquals(ww.get("xmin").asDouble(), row.get("xmin").asDouble(), 1e-5 * ww.get("xmin").asDouble());
        assertEquals(ww.get("alpha").asDouble(), row.get("alpha").asDouble(), 1e-3 * ww.get("alpha").asDouble());
        JsonNode halved = AnalyzeParityTest.wwRow("conv_32x16x3x3_init", "default");
        assertEquals(2, ww.get("norm").asDouble() / halved.get("norm").asDouble(), 1e-6, "WW halves pooled conv");
    }

    @Test
    void badOptionValuesAreUsageErrors() {
        Cli.Result fingers = Cli.run("analyze", "--fix-fingers", "bogus", "x.npy");
        assertEquals(2, fingers.exit());
        assertTrue(fingers.err().contains("--fix-fingers"), fingers.err());
        Cli.Result limits = Cli.run("analyze", "--min-evals", "20", "--max-evals", "10", "x.npy");
        assertEquals(2, limits.exit());
        assertTrue(limits.err().contains("minEvals=20, maxEvals=10"), limits.err());
        Cli.Result threads = Cli.run("analyze", "--threads", "0", "x.npy");
        assertEquals(2, threads.exit());
        assertTrue(threads.err().startsWith("esdmon: --threads must be at least 1, got 0\n"), threads.err());
        Cli.Result both = Cli.run("analyze", "--json", "--csv", "x.npy");
        assertEquals(2, both.exit());
        assertTrue(both.err().contains("mutually exclusive"), both.err());
        assertFalse((fingers.err() + limits.err() + both.err()).contains("\tat "));
        assertEquals(2, Cli.run("analyze").exit(), "PATH is required");
    }

    @Test
    void helpDescribesOptionsAndExamples() {
        Cli.Result help = Cli.run("analyze", "--help");
        assertEquals(0, help.exit());
        for (String expected : List.of("--json", "--csv", "--ww-default", "--min-evals", "--max-evals", "--max-n",
                "--no-conv-norm", "--pl-floor", "--pl-floor-relative", "--fix-fingers", "none, clip_xmax", "--no-mp-fit",
                "--no-randomize", "--no-detx", "--seed", "Examples:", "esdmon analyze --json")) {
            assertTrue(help.out().contains(expected), "help lacks " + expected + ":\n" + help.out());
        }
        assertTrue(Cli.run("--help").out().contains("analyze"), "the top-level help lists analyze");
    }

    @Test
    void progressGoesToStandardErrorOnly() throws Exception {
        for (String name : new String[] {"one", "two"}) {
            TestFiles.npy(dir.resolve(name + ".npy"), 1, "<f4", false, new int[] {40, 20}, randoms(800));
        }
        Cli.Result run = Cli.run("analyze", "--json", "--progress", dir.toString());
        assertEquals(0, run.exit(), run.err());
        assertEquals(List.of("one", "two"), layers(run.json()));
        List<String> lines = run.err().lines().toList();
        assertEquals(3, lines.size(), run.err());
        assertTrue(lines.get(0).startsWith("esdmon: [1/2] one"), lines.get(0));
        assertTrue(lines.get(1).startsWith("esdmon: [2/2] two"), lines.get(1));
        assertTrue(lines.get(2).startsWith("esdmon: done in"), lines.get(2));
        assertEquals("", Cli.run("analyze", "--json", dir.toString()).err(), "no progress unless asked off a terminal");
    }

    @Test
    void seedMakesRandomizedColumnsReproducible() {
        String file = reference("mlp_init_fc2_512x1024").toString();
        JsonNode a = Cli.run("analyze", "--json", "--seed", "7", file).json().get(0);
        JsonNode b = Cli.run("analyze", "--json", "--seed", "7", file).json().get(0);
        JsonNode c = Cli.run("analyze", "--json", "--seed", "8", file).json().get(0);
        assertEquals(a.get("rand_distance"), b.get("rand_distance"));
        assertTrue(a.get("rand_distance").asDouble() != c.get("rand_distance").asDouble(), "another seed, another "
                + "shuffle");
    }

    private static List<String> layers(JsonNode rows) {
        List<String> names = new ArrayList<>();
        rows.forEach(r -> names.add(r.get("layer").asText()));
        return names;
    }

    private static double[] randoms(int n) {
        Random random = new Random(11);
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = random.nextGaussian() / 8;
        }
        return values;
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
