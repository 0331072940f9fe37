package io.esdmon.dashboard.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.esdmon.broker.KafkaBroker;
import io.esdmon.dashboard.Dashboard;
import io.esdmon.dashboard.DashboardConfig;
import io.esdmon.dashboard.HttpJson;
import io.esdmon.dashboard.MonitorRecords;
import io.esdmon.phases.Phase;
import io.esdmon.phases.synthetic.Recipe;
import io.esdmon.proto.PhaseTransition;
import io.esdmon.testkit.KafkaBrokerExtension;
import io.esdmon.wire.topics.EsdTopics;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard end to end in headless Chromium, against a real Kafka broker: records made the
 * monitor's way (engine on real matrices, classifier, tracker) are published while the page is
 * open, and the page must show them without a reload. Tests run in order on one browser session.
 * Screenshots go to target/screenshots/.
 */
@ExtendWith(KafkaBrokerExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardBrowserTest {

    private static final String RUN = "mlp-bs32";
    private static final String OTHER = "mlp-bs512";
    private static final Map<String, String> TAGS = Map.of("model", "mlp-6", "batch_size", "32", "learning_rate",
            "0.01", "dataset", "synthetic");
    private static final Map<String, String> OTHER_TAGS = Map.of("model", "mlp-6", "batch_size", "512",
            "learning_rate", "0.1");
    /** One recipe per layer: each of the six phases by construction. */
    private static final Recipe[] RECIPES = {Recipe.GAUSSIAN, Recipe.WEAK_SIGNAL, Recipe.STRONG_SIGNAL,
        Recipe.SIGNAL_CONTINUUM, Recipe.PARETO_VERY_HEAVY, Recipe.EXACT_LOW_RANK};
    private static final Duration WAIT = Duration.ofSeconds(30);

    private Dashboard.Standalone server;
    private MonitorRecords monitor;
    private ChromeDriver driver;
    /** (layer -> step -> phase) of everything published for RUN. */
    private final Map<String, java.util.TreeMap<Long, Phase>> published = new HashMap<>();
    private final List<PhaseTransition> transitions = new ArrayList<>();
    private Map<Integer, int[]> palette;

    @BeforeAll
    void start(KafkaBroker broker) throws Exception {
        EsdTopics topics = KafkaBrokerExtension.freshTopics(broker, 3);
        DashboardConfig config = DashboardConfig.defaults(Map.of("bootstrap.servers", broker.bootstrapServers()))
                .withTopics(topics).withBind("127.0.0.1", 0);
        server = Dashboard.serve(config);
        monitor = new MonitorRecords(broker.bootstrapServers(), topics.analyses(), topics.transitions());
        driver = Browser.start();
        palette = new HashMap<>();
        for (Object o : HttpJson.get(server.url() + "api/phases").getJsonArray("phases")) {
            JsonObject p = (JsonObject) o;
            String c = p.getString("color");
            palette.put(p.getInteger("code"), new int[] {Integer.parseInt(c.substring(1, 3), 16),
                Integer.parseInt(c.substring(3, 5), 16), Integer.parseInt(c.substring(5, 7), 16)});
        }
    }

    @AfterAll
    void stop() {
        if (driver != null) {
            driver.quit();
        }
        if (monitor != null) {
            monitor.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    private WebDriverWait waiting() {
        WebDriverWait w = new WebDriverWait(driver, WAIT, Duration.ofMillis(50));
        w.ignoring(StaleElementReferenceException.class); // tables are re-rendered as data arrives
        return w;
    }

    private void publishStep(String run, Map<String, String> tags, long step, Recipe[] recipes) throws Exception {
        for (int i = 0; i < recipes.length; i++) {
            String layer = "fc" + i;
            MonitorRecords.Output o = monitor.analyze(run, layer, i, step, tags, recipes[i], 400, 200,
                    step * 31 + i);
            monitor.publish(o);
            if (run.equals(RUN)) {
                published.computeIfAbsent(layer, k -> new java.util.TreeMap<>()).put(step, o.phase());
                o.transition().ifPresent(transitions::add);
            }
        }
        monitor.flush();
    }

    @Test
    @Order(1)
    void showsThatThereIsNoDataYet() throws Exception {
        driver.get(server.url());
        waiting().until(d -> "no-data".equals(d.findElement(By.id("status")).getDomAttribute("data-condition")));
        WebElement empty = driver.findElement(By.id("runs-empty"));
        assertTrue(empty.isDisplayed());
        assertTrue(empty.getText().contains("No runs yet"), empty.getText());
        assertEquals(6, driver.findElements(By.cssSelector("#legend .item[data-phase]")).size() - 1,
                "six phases plus 'unclassified' in the legend");
        assertTrue(driver.findElement(By.id("legend")).getText().contains(Phase.HEAVY_TAILED.summary()));
        js("window.__sameDocument = 'yes'");
        Browser.screenshot(driver, "01-empty");
    }

    @Test
    @Order(2)
    void aPublishedRunAppearsWithItsTags() throws Exception {
        for (long step = 0; step <= 30; step += 10) {
            publishStep(RUN, TAGS, step, RECIPES);
            publishStep(OTHER, OTHER_TAGS, step, new Recipe[] {Recipe.GAUSSIAN, Recipe.GAUSSIAN, Recipe.WEAK_SIGNAL});
        }
        String rowSelector = "tr[data-run='" + RUN + "']";
        waiting().until(d -> String.valueOf(js("const r = document.querySelector(arguments[0]);"
                + " return r ? r.cells[4].textContent : ''", rowSelector)).equals("30"));
        String text = (String) js("return document.querySelector(arguments[0]).innerText", rowSelector);
        assertTrue(text.contains("mlp-6") && text.contains("32") && text.contains("0.01"), text);
        assertEquals("true", js("return document.querySelector(arguments[0]).dataset.live", rowSelector));
        waiting().until(d -> d.findElements(By.cssSelector("tr[data-run='" + OTHER + "']")).size() == 1);
        assertEquals("live", driver.findElement(By.id("status")).getDomAttribute("data-condition"));
        assertEquals("yes", js("return window.__sameDocument"), "no reload happened");
        Browser.screenshot(driver, "02-runs");
    }

    @Test
    @Order(3)
    void theTimelineShowsEachLayersPhasesInTheirColours() throws Exception {
        driver.findElement(By.cssSelector("tr[data-run='" + RUN + "'] a")).click();
        waiting().until(d -> ((Number) js("return window.esdmon.timeline ? window.esdmon.timeline.layers().length : 0"))
                .intValue() == 6);
        assertEquals(List.of("fc0", "fc1", "fc2", "fc3", "fc4", "fc5"), js("return window.esdmon.timeline.layers()"),
                "model order");
        waiting().until(d -> checkTimelineColours() == null);
        assertEquals(null, checkTimelineColours());
        // the six recipes should give more than one phase: the colours must differ between layers
        long distinct = published.values().stream().map(m -> m.lastEntry().getValue()).distinct().count();
        assertTrue(distinct >= 4, "the classifier found " + distinct + " phases among the six recipes");
        Browser.screenshot(driver, "03-timeline");
    }

    /** Null when every layer's drawn segments match what was published, else what differs. */
    @SuppressWarnings("unchecked")
    private String checkTimelineColours() {
        for (Map.Entry<String, java.util.TreeMap<Long, Phase>> e : published.entrySet()) {
            List<long[]> expected = new ArrayList<>(); // {start, code}
            for (Map.Entry<Long, Phase> p : e.getValue().entrySet()) {
                if (expected.isEmpty() || expected.get(expected.size() - 1)[1] != p.getValue().code()) {
                    expected.add(new long[] {p.getKey(), p.getValue().code()});
                }
            }
            List<Map<String, Object>> drawn = (List<Map<String, Object>>) js(
                    "return window.esdmon.timeline.sample(arguments[0])", e.getKey());
            if (drawn == null || drawn.size() != expected.size()) {
                return e.getKey() + ": drawn " + drawn + ", expected " + expected.size() + " segments";
            }
            for (int k = 0; k < drawn.size(); k++) {
                Map<String, Object> seg = drawn.get(k);
                long start = ((Number) seg.get("start")).longValue();
                int code = ((Number) seg.get("code")).intValue();
                if (start != expected.get(k)[0] || code != expected.get(k)[1]) {
                    return e.getKey() + " segment " + k + ": " + seg + " expected " + java.util.Arrays.toString(
                            expected.get(k));
                }
                List<Number> rgb = (List<Number>) seg.get("rgb");
                int[] want = palette.get(code);
                for (int c = 0; c < 3; c++) {
                    if (rgb == null || Math.abs(rgb.get(c).intValue() - want[c]) > 2) {
                        return e.getKey() + " segment " + k + " pixel " + rgb + " is not the colour of "
                                + Phase.values()[code] + " " + java.util.Arrays.toString(want);
                    }
                }
            }
        }
        return null;
    }

    @Test
    @Order(4)
    void aTransitionShowsUpLiveWithoutReload() throws Exception {
        Recipe[] changed = RECIPES.clone();
        changed[0] = Recipe.STRONG_SIGNAL; // fc0 leaves Random-like: Bulk+Spikes
        for (long step = 40; step <= 60 && transitions.isEmpty(); step += 10) {
            publishStep(RUN, TAGS, step, changed);
        }
        assertFalse(transitions.isEmpty(), "the tracker confirmed a phase change of fc0");
        PhaseTransition t = transitions.get(0);
        String selector = "#feed li[data-transition-id='" + t.getTransitionId() + "']";
        waiting().until(d -> !d.findElements(By.cssSelector(selector)).isEmpty());
        assertEquals(t.getToPhase(), driver.findElement(By.cssSelector(selector)).getDomAttribute("data-to"));
        waiting().until(d -> ((Number) js("return window.esdmon.timeline.transitions.length")).intValue() >= 1);
        waiting().until(d -> checkTimelineColours() == null);
        assertEquals("yes", js("return window.__sameDocument"), "no reload happened");
        Browser.screenshot(driver, "04-timeline-with-transition");
        driver.findElement(By.cssSelector("nav a[data-nav='transitions']")).click();
        waiting().until(d -> d.findElement(By.cssSelector(selector)).isDisplayed());
        Browser.screenshot(driver, "05-transitions");
        assertEquals("yes", js("return window.__sameDocument"));
    }

    @Test
    @Order(5)
    void theEsdOfASelectedLayerRendersWithItsFits() throws Exception {
        driver.navigate().to(server.url() + "#/run/" + RUN);
        waiting().until(d -> d.findElement(By.id("view-run")).isDisplayed());
        new Select(driver.findElement(By.id("esd-layer"))).selectByValue("fc2");
        waiting().until(d -> {
            WebElement esd = d.findElement(By.id("esd"));
            return "true".equals(esd.getDomAttribute("data-rendered")) && "fc2".equals(esd.getDomAttribute("data-layer"));
        });
        WebElement esd = driver.findElement(By.id("esd"));
        String legend = esd.findElement(By.className("u-legend")).getText();
        assertTrue(legend.contains("ESD (bulk)") && legend.contains("MP fit") && legend.contains("power law"), legend);
        assertFalse(esd.findElements(By.tagName("canvas")).isEmpty());
        long lastStep = published.get("fc2").lastKey();
        assertEquals(String.valueOf(lastStep), esd.getDomAttribute("data-step"), "follows the newest step");
        assertTrue(driver.findElement(By.id("esd-info")).getText().contains("★"), "evidence with the deciding signal");
        // hovering a timeline cell shows step, metrics and evidence
        WebElement canvas = driver.findElement(By.id("timeline"));
        new Actions(driver).moveToElement(canvas, 0, 0).moveByOffset(60, 0).perform();
        WebElement tip = driver.findElement(By.id("timeline-tip"));
        waiting().until(d -> tip.isDisplayed() && tip.getText().contains("alpha"));
        Browser.screenshot(driver, "06-esd-and-hover");
    }

    @Test
    @Order(6)
    void metricCurvesOverlayLayersAndRuns() throws Exception {
        new Actions(driver).moveToElement(driver.findElement(By.id("run-title"))).perform(); // closes the tooltip
        new Select(driver.findElement(By.id("curve-metric"))).selectByValue("stable_rank");
        new Select(driver.findElement(By.id("curve-run"))).selectByValue(OTHER);
        waiting().until(d -> "6".equals(d.findElement(By.id("curves")).getDomAttribute("data-series")));
        String legend = driver.findElement(By.cssSelector("#curves .u-legend")).getText();
        assertTrue(legend.contains(OTHER + " · fc0") && legend.contains(RUN + " · fc2"), legend);
        Browser.screenshot(driver, "07-curves");
    }

    @Test
    @Order(7)
    void publishToBrowserLatency() throws Exception {
        List<Long> latencies = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            long step = 1000 + i;
            MonitorRecords.Output o = monitor.analyze(RUN, "fc1", 1, step, TAGS, Recipe.WEAK_SIGNAL, 400, 200, step);
            String id = o.analysis().getAnalysisId();
            long t0 = System.currentTimeMillis();
            monitor.publish(o).get();
            waiting().until(d -> js("return (window.esdmon.shown || {})[arguments[0]]", id) != null);
            long shown = ((Number) js("return window.esdmon.shown[arguments[0]]", id)).longValue();
            latencies.add(shown - t0);
            Thread.sleep(150);
        }
        List<Long> sorted = latencies.stream().sorted().toList();
        long median = sorted.get(sorted.size() / 2);
        String report = "publish -> drawn in the browser (ms), 9 analyses: " + latencies + "; median " + median
                + ", min " + sorted.get(0) + ", max " + sorted.get(sorted.size() - 1);
        System.out.println(report);
        Path out = Path.of("target", "measurements", "publish-to-browser.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report + "\n");
        assertTrue(median < 3000, report);
    }

    @Test
    @Order(8)
    void saysWhenKafkaIsUnreachableAndWhenTheStreamReconnects() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        DashboardConfig config = DashboardConfig.defaults(Map.of("bootstrap.servers", "127.0.0.1:" + closedPort))
                .withBind("127.0.0.1", 0).withKafkaTimeout(Duration.ofSeconds(1));
        Dashboard.Standalone lonely = Dashboard.serve(config);
        try {
            driver.navigate().to(lonely.url());
            waiting().until(d -> "kafka-unreachable".equals(
                    d.findElement(By.id("status")).getDomAttribute("data-condition")));
            assertTrue(driver.findElement(By.id("status")).getText().contains("127.0.0.1:" + closedPort));
            Browser.screenshot(driver, "08-kafka-unreachable");
        } finally {
            lonely.close();
        }
        waiting().until(d -> "server-reconnecting".equals(
                d.findElement(By.id("status")).getDomAttribute("data-condition")));
        Browser.screenshot(driver, "09-reconnecting");
        JsonArray runs = HttpJson.get(server.url() + "api/runs").getJsonArray("runs");
        assertEquals(2, runs.size(), runs.stream().map(Object::toString).collect(Collectors.joining("\n")));
    }
}
