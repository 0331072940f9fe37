package io.esdmon.metrics;

import static io.esdmon.metrics.Messages.analysis;
import static io.esdmon.metrics.Messages.deadLetter;
import static io.esdmon.metrics.Messages.transition;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.esdmon.phases.Phase;
import io.esdmon.proto.DeadLetterReason;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Prometheus's own tool on esdmon's files: the rules and the scrape config are valid, the rules'
 * unit tests pass, every Grafana expression parses, and /metrics passes the exposition linter.
 * Needs /usr/bin/promtool (Debian package prometheus).
 */
class PromtoolTest {

    private static Path promtool;

    @BeforeAll
    static void findPromtool() {
        promtool = RequiredTool.require("/usr/bin/promtool", "prometheus");
    }

    record Result(int exit, String output) {
    }

    static Result run(Path dir, String stdin, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(promtool.toString());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        if (stdin != null) {
            p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("promtool " + args[0] + " did not finish in 60 s");
        }
        return new Result(p.exitValue(), out);
    }

    @Test
    void theAlertRulesAreValid() throws Exception {
        Result r = run(DeployFiles.root().resolve("prometheus"), null, "check", "rules", "esdmon-alerts.yml");
        assertEquals(0, r.exit(), r.output());
        assertTrue(r.output().contains("SUCCESS: " + DeployFiles.prometheusAlerts().size() + " rules found"), r.output());
    }

    @Test
    void theAlertRuleUnitTestsPass() throws Exception {
        Result r = run(DeployFiles.root().resolve("prometheus"), null, "test", "rules", "esdmon-alerts.test.yml");
        assertEquals(0, r.exit(), r.output());
        assertTrue(r.output().contains("SUCCESS"), r.output());
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyAlertIsUnitTestedFiringAndNotFiring() {
        var tests = (List<java.util.Map<String, Object>>) DeployFiles.yaml(DeployFiles.root()
                .resolve("prometheus/esdmon-alerts.test.yml")).get("tests");
        java.util.Set<String> firing = new java.util.TreeSet<>();
        java.util.Set<String> quiet = new java.util.TreeSet<>();
        for (var t : tests) {
            for (var check : (List<java.util.Map<String, Object>>) t.get("alert_rule_test")) {
                List<?> expected = (List<?>) check.get("exp_alerts");
                (expected == null || expected.isEmpty() ? quiet : firing).add((String) check.get("alertname"));
            }
        }
        assertEquals(DeployFiles.prometheusAlerts().keySet(), firing, "alerts shown firing");
        assertEquals(DeployFiles.prometheusAlerts().keySet(), quiet, "alerts shown not firing");
    }

    @Test
    void theScrapeConfigIsValid() throws Exception {
        Result r = run(DeployFiles.root().resolve("prometheus"), null, "check", "config", "prometheus.yml");
        assertEquals(0, r.exit(), r.output());
    }

    /** promtool parses each Grafana expression as the expression of a recording rule. */
    @Test
    void everyGrafanaExpressionParses(@TempDir Path dir) throws Exception {
        StringBuilder rules = new StringBuilder("groups:\n  - name: grafana-expressions\n    rules:\n");
        int n = 0;
        for (DeployFiles.Expr e : DeployFiles.expressions()) {
            if (e.where().startsWith("prometheus rule")) {
                continue; // checked as rules above
            }
            String expr = PromQlNames.withGrafanaVariables(e.promql());
            rules.append("      - record: grafana_expression_").append(++n).append("\n        expr: '")
                    .append(expr.replace("'", "''")).append("'\n");
        }
        Files.writeString(dir.resolve("grafana.yml"), rules);
        Result r = run(dir, null, "check", "rules", "grafana.yml");
        assertEquals(0, r.exit(), r.output() + "\n" + rules);
        assertTrue(n > 25, "expressions checked: " + n);
    }

    @Test
    void theExpositionPassesPromtoolsLinter() throws Exception {
        Vertx vertx = Vertx.vertx();
        try (LiveMetrics live = new LiveMetrics(vertx, MetricsConfig.defaults(), null)) {
            live.publish(live.addresses.analyses(), analysis("r1", "fc1", 1, Phase.RANDOM_LIKE, 7));
            live.publish(live.addresses.transitions(), transition("r1", "fc1", 1, "", "RANDOM_LIKE", Instant.now()));
            live.publish(live.addresses.deadLetters(), deadLetter(DeadLetterReason.TOO_LARGE));
            live.scrapeUntil(s -> !s.find("esdmon_phase_transitions_total").isEmpty()
                    && !s.find("esdmon_layer_alpha").isEmpty());
            String text = live.get("/metrics", "text/plain").body();
            Result r = run(Path.of("."), text, "check", "metrics");
            assertEquals(0, r.exit(), "promtool check metrics:\n" + r.output());
            assertEquals("", r.output().strip(), "no lint findings");
        } finally {
            LiveMetrics.await(vertx.close());
        }
    }
}
