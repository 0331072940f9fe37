package io.esdmon.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.esdmon.phases.Phase;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Grafana cannot run here, so its files are checked structurally: data sources resolve to the
 * provisioned one, every variable used is defined, panels are of known types and do not overlap,
 * the phase timeline maps every phase code to its name, transitions are annotations, and each
 * Grafana-managed alert rule is its Prometheus twin.
 */
class GrafanaProvisioningTest {

    private static final Set<String> PANEL_TYPES = Set.of("row", "timeseries", "state-timeline", "stat", "table");
    private static final Set<String> BUILTIN_VARIABLES = Set.of("__rate_interval", "__interval", "__range");
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{?(\\w+)");

    @SuppressWarnings("unchecked")
    private static String provisionedUid() {
        List<Map<String, Object>> sources = (List<Map<String, Object>>) DeployFiles.yaml(DeployFiles.grafanaDatasource())
                .get("datasources");
        assertEquals(1, sources.size());
        assertEquals("prometheus", sources.get(0).get("type"));
        return (String) sources.get(0).get("uid");
    }

    @Test
    void dashboardsReferToTheProvisionedDataSourceAndDefinedVariables() {
        String uid = provisionedUid();
        assertFalse(DeployFiles.dashboards().isEmpty());
        for (Path file : DeployFiles.dashboards()) {
            JsonObject dash = DeployFiles.json(file);
            String name = file.getFileName().toString();
            assertNotNull(dash.getString("uid"), name);
            assertNotNull(dash.getString("title"), name);
            Map<String, JsonObject> variables = new java.util.HashMap<>();
            dash.getJsonObject("templating").getJsonArray("list").forEach(v -> variables.put(
                    ((JsonObject) v).getString("name"), (JsonObject) v));
            JsonObject ds = variables.get("datasource");
            assertNotNull(ds, name + ": a data source variable lets an existing Grafana pick its Prometheus");
            assertEquals("datasource", ds.getString("type"));
            assertEquals("prometheus", ds.getString("query"));
            assertEquals(uid, ds.getJsonObject("current").getString("value"), "defaults to the provisioned one");
            assertTrue(variables.containsKey("run") && variables.containsKey("layer"), name + ": run/layer variables");

            List<JsonObject> refs = new ArrayList<>();
            collectDatasources(dash, refs);
            assertTrue(refs.size() > 10, name + ": data source references found: " + refs.size());
            for (JsonObject ref : refs) {
                String type = ref.getString("type");
                String refUid = ref.getString("uid");
                assertTrue("grafana".equals(type) || "prometheus".equals(type) && ("${datasource}".equals(refUid)
                        || uid.equals(refUid)), name + ": unknown data source " + ref);
            }
            for (String text : allStrings(dash)) {
                Matcher m = VARIABLE.matcher(text);
                while (m.find()) {
                    assertTrue(variables.containsKey(m.group(1)) || BUILTIN_VARIABLES.contains(m.group(1)),
                            name + ": $" + m.group(1) + " is not a variable of the dashboard (in " + text + ")");
                }
            }
        }
    }

    @Test
    void panelsAreOfKnownTypesWithUniqueIdsAndDoNotOverlap() {
        for (Path file : DeployFiles.dashboards()) {
            JsonArray panels = DeployFiles.json(file).getJsonArray("panels");
            Set<Integer> ids = new HashSet<>();
            List<int[]> boxes = new ArrayList<>();
            for (Object p : panels) {
                JsonObject panel = (JsonObject) p;
                String title = panel.getString("title");
                assertTrue(PANEL_TYPES.contains(panel.getString("type")), title + ": type " + panel.getString("type"));
                assertTrue(ids.add(panel.getInteger("id")), "duplicate panel id " + panel.getInteger("id"));
                JsonObject g = panel.getJsonObject("gridPos");
                int[] box = {g.getInteger("x"), g.getInteger("y"), g.getInteger("w"), g.getInteger("h")};
                assertTrue(box[0] >= 0 && box[0] + box[2] <= 24 && box[3] > 0, title + " outside the 24-column grid");
                for (int[] other : boxes) {
                    boolean overlap = box[0] < other[0] + other[2] && other[0] < box[0] + box[2]
                            && box[1] < other[1] + other[3] && other[1] < box[1] + box[3];
                    assertFalse(overlap, title + " overlaps another panel");
                }
                boxes.add(box);
                if (!"row".equals(panel.getString("type"))) {
                    assertFalse(panel.getJsonArray("targets").isEmpty(), title + " has no query");
                    Set<String> refIds = new HashSet<>();
                    panel.getJsonArray("targets").forEach(t -> assertTrue(refIds.add(((JsonObject) t)
                            .getString("refId")), title + ": duplicate refId"));
                }
            }
        }
    }

    @Test
    void theLayersDashboardShowsPhasesAlphaSoftrankTransitionsAndHealth() {
        JsonObject dash = DeployFiles.json(DeployFiles.root().resolve("grafana/dashboards/esdmon-layers.json"));
        List<JsonObject> panels = dash.getJsonArray("panels").stream().map(p -> (JsonObject) p).toList();
        JsonObject timeline = panels.stream().filter(p -> "state-timeline".equals(p.getString("type"))).findFirst()
                .orElseThrow(() -> new AssertionError("no state-timeline panel"));
        assertTrue(timeline.getJsonArray("targets").getJsonObject(0).getString("expr")
                .startsWith("esdmon_layer_phase_code{"));
        JsonObject mapping = timeline.getJsonObject("fieldConfig").getJsonObject("defaults").getJsonArray("mappings")
                .getJsonObject(0).getJsonObject("options");
        assertEquals(Phase.values().length, mapping.size());
        for (Phase p : Phase.values()) {
            assertEquals(p.label(), mapping.getJsonObject(String.valueOf(p.code())).getString("text"),
                    "code " + p.code());
        }
        for (String metric : List.of("esdmon_layer_alpha", "esdmon_layer_mp_softrank")) {
            assertTrue(panels.stream().anyMatch(p -> "timeseries".equals(p.getString("type"))
                    && p.getJsonArray("targets").getJsonObject(0).getString("expr").startsWith(metric + "{")),
                    "a time series of " + metric);
        }
        assertTrue(panels.stream().anyMatch(p -> "row".equals(p.getString("type"))
                && p.getString("title").contains("health")), "a pipeline health row");
        JsonObject transitions = dash.getJsonObject("annotations").getJsonArray("list").stream()
                .map(a -> (JsonObject) a).filter(a -> a.getString("expr") != null).findFirst().orElseThrow();
        assertTrue(transitions.getString("expr").startsWith("esdmon_layer_last_transition_timestamp_seconds{"));
        assertTrue(transitions.getString("expr").endsWith("* 1000"), "Grafana wants the time in milliseconds");
        assertTrue(transitions.getBoolean("useValueForTime"), "the value is the transition's time");
        assertTrue(transitions.getString("titleFormat").contains("{{from}}")
                && transitions.getString("titleFormat").contains("{{to}}"));
        assertEquals(transitions.getString("expr"), transitions.getJsonObject("target").getString("expr"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void eachGrafanaRuleRunsItsPrometheusTwinsExpression() {
        String uid = provisionedUid();
        Map<String, Map<String, Object>> prometheus = DeployFiles.prometheusAlerts();
        Map<String, Map<String, Object>> grafana = DeployFiles.grafanaAlertRules();
        assertEquals(prometheus.keySet(), grafana.keySet(), "one Grafana rule per Prometheus alert, same names");
        Set<String> uids = new HashSet<>();
        prometheus.forEach((name, p) -> {
            Map<String, Object> g = grafana.get(name);
            assertTrue(uids.add((String) g.get("uid")), name + ": duplicate uid");
            assertTrue(((String) g.get("uid")).length() <= 40, name + ": Grafana uids have at most 40 characters");
            List<Map<String, Object>> data = (List<Map<String, Object>>) g.get("data");
            Map<String, Object> query = data.stream().filter(d -> "A".equals(d.get("refId"))).findFirst().orElseThrow();
            assertEquals(uid, query.get("datasourceUid"), name);
            Map<String, Object> model = (Map<String, Object>) query.get("model");
            assertEquals(p.get("expr"), model.get("expr"), name + ": the same PromQL");
            assertEquals(Boolean.TRUE, model.get("instant"), name + ": evaluated as an instant query, as Prometheus does");
            Map<String, Object> condition = data.stream().filter(d -> d.get("refId").equals(g.get("condition")))
                    .findFirst().orElseThrow();
            assertEquals("__expr__", condition.get("datasourceUid"));
            String expression = (String) ((Map<String, Object>) condition.get("model")).get("expression");
            assertEquals("is_number($A) || is_nan($A) || is_inf($A)", expression,
                    name + ": fires for every series A returns, whatever its value");
            assertEquals(p.getOrDefault("for", "0s"), g.get("for"), name);
            assertEquals("OK", g.get("noDataState"), name + ": an empty result means nothing fires");
            assertEquals(p.get("labels"), g.get("labels"), name);
            Map<String, String> expected = new java.util.HashMap<>();
            ((Map<String, String>) p.get("annotations")).forEach((k, v) -> expected.put(k, v.replace("$value",
                    "$values.A.Value")));
            assertEquals(expected, g.get("annotations"), name);
        });
    }

    private static void collectDatasources(Object node, List<JsonObject> out) {
        if (node instanceof JsonObject o) {
            Object ds = o.getValue("datasource");
            if (ds instanceof JsonObject d) {
                out.add(d);
            }
            o.forEach(e -> collectDatasources(e.getValue(), out));
        } else if (node instanceof JsonArray a) {
            a.forEach(x -> collectDatasources(x, out));
        }
    }

    private static List<String> allStrings(Object node) {
        List<String> out = new ArrayList<>();
        if (node instanceof JsonObject o) {
            o.forEach(e -> out.addAll(allStrings(e.getValue())));
        } else if (node instanceof JsonArray a) {
            a.forEach(x -> out.addAll(allStrings(x)));
        } else if (node instanceof String s) {
            out.add(s);
        }
        return out;
    }
}
