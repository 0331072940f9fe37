package io.esdmon.metrics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.yaml.snakeyaml.Yaml;

/**
 * The files under deploy/ and every PromQL expression in them: Prometheus rules, Grafana dashboards
 * (panel targets, annotations, variable queries) and Grafana-managed alert rules.
 */
final class DeployFiles {

    /** One expression and where it was found, for messages. */
    record Expr(String where, String promql) {
    }

    private DeployFiles() {
    }

    static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("deploy/prometheus"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("no deploy/prometheus above " + Path.of("").toAbsolutePath()
                    + "; run the tests inside the esdmon repository");
        }
        return dir.resolve("deploy");
    }

    static Path prometheusRules() {
        return root().resolve("prometheus/esdmon-alerts.yml");
    }

    static Path grafanaAlerts() {
        return root().resolve("grafana/provisioning/alerting/esdmon-alerts.yaml");
    }

    static Path grafanaDatasource() {
        return root().resolve("grafana/provisioning/datasources/esdmon-prometheus.yaml");
    }

    static List<Path> dashboards() {
        try (Stream<Path> files = Files.list(root().resolve("grafana/dashboards"))) {
            return files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> yaml(Path file) {
        try {
            return (Map<String, Object>) new Yaml().load(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static io.vertx.core.json.JsonObject json(Path file) {
        try {
            return new io.vertx.core.json.JsonObject(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Alert rules of the Prometheus rule file by alert name. */
    static Map<String, Map<String, Object>> prometheusAlerts() {
        return rulesByName(prometheusRules(), "alert");
    }

    /** Grafana-managed rules by title. */
    static Map<String, Map<String, Object>> grafanaAlertRules() {
        return rulesByName(grafanaAlerts(), "title");
    }

    /** The rules of every group of a rule file (Prometheus or Grafana provisioning), by their name field. */
    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> rulesByName(Path file, String nameField) {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        for (Map<String, Object> group : (List<Map<String, Object>>) yaml(file).get("groups")) {
            for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
                if (out.put((String) rule.get(nameField), rule) != null) {
                    throw new AssertionError(file + ": two rules named " + rule.get(nameField));
                }
            }
        }
        return out;
    }

    /** Every PromQL expression under deploy/. */
    @SuppressWarnings("unchecked")
    static List<Expr> expressions() {
        List<Expr> out = new ArrayList<>();
        prometheusAlerts().forEach((name, rule) -> out.add(new Expr("prometheus rule " + name,
                (String) rule.get("expr"))));
        grafanaAlertRules().forEach((title, rule) -> {
            for (Map<String, Object> q : (List<Map<String, Object>>) rule.get("data")) {
                if (!"__expr__".equals(q.get("datasourceUid"))) {
                    out.add(new Expr("grafana rule " + title + " query " + q.get("refId"),
                            (String) ((Map<String, Object>) q.get("model")).get("expr")));
                }
            }
        });
        for (Path file : dashboards()) {
            out.addAll(dashboardExpressions(file));
        }
        return out;
    }

    static List<Expr> dashboardExpressions(Path file) {
        List<Expr> out = new ArrayList<>();
        var dash = json(file);
        String name = file.getFileName().toString();
        for (Object p : dash.getJsonArray("panels")) {
            var panel = (io.vertx.core.json.JsonObject) p;
            var targets = panel.getJsonArray("targets");
            if (targets != null) {
                for (Object t : targets) {
                    out.add(new Expr(name + " panel '" + panel.getString("title") + "'",
                            ((io.vertx.core.json.JsonObject) t).getString("expr")));
                }
            }
        }
        for (Object a : dash.getJsonObject("annotations").getJsonArray("list")) {
            var anno = (io.vertx.core.json.JsonObject) a;
            if (anno.containsKey("expr")) {
                out.add(new Expr(name + " annotation '" + anno.getString("name") + "'", anno.getString("expr")));
                out.add(new Expr(name + " annotation '" + anno.getString("name") + "' target",
                        anno.getJsonObject("target").getString("expr")));
            }
        }
        for (Object v : dash.getJsonObject("templating").getJsonArray("list")) {
            var variable = (io.vertx.core.json.JsonObject) v;
            if ("query".equals(variable.getString("type"))) {
                String q = variable.getJsonObject("query").getString("query");
                var m = java.util.regex.Pattern.compile("label_values\\((.*),\\s*(\\w+)\\)").matcher(q);
                if (!m.matches()) {
                    throw new AssertionError(name + " variable " + variable.getString("name")
                            + ": expected label_values(selector, label), got " + q);
                }
                out.add(new Expr(name + " variable " + variable.getString("name"), m.group(1)));
            }
        }
        return out;
    }
}
