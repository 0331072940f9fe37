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
    /** A layer of the test model: a synthetic matrix of a known phase, N×M. */
    private record Layer(Recipe recipe, int n, int m) {
        Layer(Recipe recipe) {
            this(recipe, 400, 200);
        }
    }

    /**
     * One layer per phase by construction: the six phases, a layer of 16 eigenvalues (too few to decide:
     * Undetermined), and one with a few oversized entries (correlation traps, Bulk+Spikes by its spectrum).
     */
    private static final Layer[] LAYERS = {new Layer(Recipe.GAUSSIAN), new Layer(Recipe.WEAK_SIGNAL),
        new Layer(Recipe.STRONG_SIGNAL), new Layer(Recipe.SIGNAL_CONTINUUM), new Layer(Recipe.PARETO_VERY_HEAVY),
        new Layer(Recipe.EXACT_LOW_RANK), new Layer(Recipe.GAUSSIAN, 256, 16), new Layer(Recipe.CORRELATION_TRAPS)};
    private static final String TINY = "fc6";
    private static final String TRAPPED = "fc7";
    private static final Duration WAIT = Duration.ofSeconds(30);

    private Dashboard.Standalone server;
    private MonitorRecords monitor;
    private ChromeDriver driver;
    /** (layer -> step -> snapshot) of everything published for RUN. */
    private final Map<String, java.util.TreeMap<Long, MonitorRecords.Output>> published = new HashMap<>();
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

    private void publishStep(String run, Map<String, String> tags, long step, Layer[] layers) throws Exception {
        for (int i = 0; i < layers.length; i++) {
            String layer = "fc" + i;
            MonitorRecords.Output o = monitor.analyze(run, layer, i, step, tags, layers[i].recipe(), layers[i].n(),
                    layers[i].m(), step * 31 + i);
            monitor.publish(o);
            if (run.equals(RUN)) {
                published.computeIfAbsent(layer, k -> new java.util.TreeMap<>()).put(step, o);
                o.transition().ifPresent(transitions::add);
            }
        }
        monitor.flush();
    }

    /** The phase the timeline must draw for a layer at its newest published step. */
    private Phase newestShown(String layer) {
        return published.get(layer).lastEntry().getValue().shown();
    }

    @Test
    @Order(1)
    void showsThatThereIsNoDataYet() throws Exception {
        driver.get(server.url());
        waiting().until(d -> "no-data".equals(d.findElement(By.id("status")).getDomAttribute("data-condition")));
        WebElement empty = driver.findElement(By.id("runs-empty"));
        assertTrue(empty.isDisplayed());
        assertTrue(empty.getText().contains("No runs yet"), empty.getText());
        assertEquals(Phase.values().length, driver.findElements(By.cssSelector("#legend .item[data-phase]")).size() - 1,
                "every phase plus 'unclassified' in the legend");
        assertTrue(driver.findElement(By.id("legend")).getText().contains(Phase.HEAVY_TAILED.summary()));
        WebElement undetermined = driver.findElement(By.cssSelector("#legend .item[data-phase='UNDETERMINED']"));
        assertTrue(undetermined.getText().contains(Phase.UNDETERMINED.label()), undetermined.getText());
        String style = "const s = getComputedStyle(document.querySelector(arguments[0]));"
                + " return s.backgroundColor + ' / ' + s.borderTopColor";
        assertEquals("rgb(255, 255, 255) / rgb(85, 85, 85)", js(style,
                "#legend .item[data-phase='UNDETERMINED'] .swatch"), "Undetermined is white with an outline");
        assertFalse(String.valueOf(js(style, "#legend .item[data-phase='UNCLASSIFIED'] .swatch"))
                .startsWith("rgb(255, 255, 255)"), "unlike the grey of unclassified analyses");
        js("window.__sameDocument = 'yes'");
        Browser.screenshot(driver, "01-empty");
    }

    @Test
    @Order(2)
    void aPublishedRunAppearsWithItsTags() throws Exception {
        for (long step = 0; step <= 30; step += 10) {
            publishStep(RUN, TAGS, step, LAYERS);
            publishStep(OTHER, OTHER_TAGS, step, new Layer[] {new Layer(Recipe.GAUSSIAN), new Layer(Recipe.GAUSSIAN),
                new Layer(Recipe.WEAK_SIGNAL)});
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
                .intValue() == LAYERS.length);
        assertEquals(List.of("fc0", "fc1", "fc2", "fc3", "fc4", "fc5", "fc6", "fc7"),
                js("return window.esdmon.timeline.layers()"), "model order");
        waiting().until(d -> checkTimelineColours() == null);
        assertEquals(null, checkTimelineColours());
        // the recipes should give more than one phase: the colours must differ between layers
        long distinct = published.keySet().stream().map(this::newestShown).distinct().count();
        assertTrue(distinct >= 5, "the classifier found " + distinct + " phases among the eight layers");
        // the tiny layer has too few eigenvalues to decide: drawn in Undetermined's own colour (checked above)
        assertTrue(published.get(TINY).values().stream().allMatch(o -> o.shown() == Phase.UNDETERMINED),
                "a 256x16 layer is Undetermined: " + published.get(TINY));
        Browser.screenshot(driver, "03-timeline");
    }

    @Test
    @Order(4)
    void snapshotsWithCorrelationTrapsAreMarkedOnTheTimeline() throws Exception {
        waiting().until(d -> checkTrapMarks() == null);
        assertEquals(null, checkTrapMarks());
        assertTrue(published.get(TRAPPED).values().stream().allMatch(MonitorRecords.Output::trapped),
                "the layer with oversized entries has correlation traps at every step");
        assertFalse(published.get("fc0").values().stream().anyMatch(MonitorRecords.Output::trapped),
                "a Gaussian layer has none");
    }

    /** Null when every layer's trap markers are the runs of published snapshots with traps, drawn black. */
    @SuppressWarnings("unchecked")
    private String checkTrapMarks() {
        for (Map.Entry<String, java.util.TreeMap<Long, MonitorRecords.Output>> e : published.entrySet()) {
            List<long[]> expected = new ArrayList<>(); // {first, last} step of each run
            boolean previous = false;
            for (Map.Entry<Long, MonitorRecords.Output> p : e.getValue().entrySet()) {
                boolean trapped = p.getValue().trapped();
                if (trapped && !previous) {
                    expected.add(new long[] {p.getKey(), p.getKey()});
                } else if (trapped) {
                    expected.get(expected.size() - 1)[1] = p.getKey();
                }
                previous = trapped;
            }
            List<Map<String, Object>> drawn = (List<Map<String, Object>>) js(
                    "return window.esdmon.timeline.trapMarks(arguments[0])", e.getKey());
            if (drawn == null || drawn.size() != expected.size()) {
                return e.getKey() + ": trap marks " + drawn + ", expected " + expected.size() + " runs";
            }
            for (int k = 0; k < drawn.size(); k++) {
                Map<String, Object> mark = drawn.get(k);
                if (((Number) mark.get("start")).longValue() != expected.get(k)[0]
                        || ((Number) mark.get("end")).longValue() != expected.get(k)[1]) {
                    return e.getKey() + " trap run " + k + ": " + mark + " expected " + java.util.Arrays.toString(
                            expected.get(k));
                }
                List<Number> rgb = (List<Number>) mark.get("rgb");
                if (rgb.stream().anyMatch(c -> c.intValue() > 40)) {
                    return e.getKey() + " trap run " + k + " pixel " + rgb + " is not the marker's black";
                }
            }
        }
        return null;
    }

    /** Null when every layer's drawn segments match what was published, else what differs. */
    @SuppressWarnings("unchecked")
    private String checkTimelineColours() {
        for (Map.Entry<String, java.util.TreeMap<Long, MonitorRecords.Output>> e : published.entrySet()) {
            List<long[]> expected = new ArrayList<>(); // {start, code} of the phase drawn: the tracked one
            for (Map.Entry<Long, MonitorRecords.Output> p : e.getValue().entrySet()) {
                int code = p.getValue().shown().code();
                if (expected.isEmpty() || expected.get(expected.size() - 1)[1] != code) {
                    expected.add(new long[] {p.getKey(), code});
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
    @Order(5)
    void aTransitionShowsUpLiveWithoutReload() throws Exception {
        Layer[] changed = LAYERS.clone();
        changed[0] = new Layer(Recipe.POWER_LAW_SPECTRUM); // fc0 leaves Random-like: Heavy-Tailed, by a clear margin
        for (long step = 40; step <= 60 && transitions.isEmpty(); step += 10) {
            publishStep(RUN, TAGS, step, changed);
        }
        assertFalse(transitions.isEmpty(), "the tracker confirmed a phase change of fc0");
        assertEquals(Phase.HEAVY_TAILED, published.get("fc0").get(40L).phase(), "the first snapshot showed it");
        assertEquals(Phase.RANDOM_LIKE, published.get("fc0").get(40L).shown(), "but one snapshot is no transition");
        PhaseTransition t = transitions.get(0);
        String selector = "#feed li[data-transition-id='" + t.getTransitionId() + "']";
        waiting().until(d -> !d.findElements(By.cssSelector(selector)).isEmpty());
        assertEquals(t.getToPhase(), driver.findElement(By.cssSelector(selector)).getDomAttribute("data-to"));
        waiting().until(d -> ((Number) js("return window.esdmon.timeline.transitions.length")).intValue() >= 1);
        waiting().until(d -> checkTimelineColours() == null && checkTrapMarks() == null);
        assertEquals("yes", js("return window.__sameDocument"), "no reload happened");
        Browser.screenshot(driver, "04-timeline-with-transition");
        driver.findElement(By.cssSelector("nav a[data-nav='transitions']")).click();
        waiting().until(d -> d.findElement(By.cssSelector(selector)).isDisplayed());
        Browser.screenshot(driver, "05-transitions");
        assertEquals("yes", js("return window.__sameDocument"));
    }

    @Test
    @Order(6)
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
        // each compared signal shows its margin, in standard errors, as the record has it
        JsonObject detail = HttpJson.get(server.url() + "api/runs/" + RUN + "/layers/fc2/analyses/" + lastStep);
        List<Double> margins = detail.getJsonArray("evidence").stream().map(e -> (JsonObject) e)
                .filter(e -> e.containsKey("relation")).map(e -> e.getDouble("margin")).toList();
        assertFalse(margins.isEmpty(), detail.encodePrettily());
        List<?> shown = (List<?>) js("return [...document.querySelectorAll('#esd-info td.margin')]"
                + ".map(td => td.textContent).filter(t => t !== '')");
        assertEquals(margins.size(), shown.size(), "a margin per compared signal: " + shown);
        for (int i = 0; i < margins.size(); i++) {
            assertEquals(margins.get(i), Double.parseDouble((String) shown.get(i)), 1e-3 * (1 + margins.get(i)),
                    "margin of compared signal " + i + ": " + shown);
        }
        assertTrue(driver.findElement(By.id("esd-info")).getText().contains("margin (SE)"));
        assertEquals("0", driver.findElement(By.cssSelector("#esd-info .traps")).getDomAttribute("data-traps"),
                "no correlation traps in a planted signal");
        // a layer with oversized entries shows how many traps its snapshot had, and what to look for
        new Select(driver.findElement(By.id("esd-layer"))).selectByValue(TRAPPED);
        int traps = published.get(TRAPPED).lastEntry().getValue().analysis().getPhase().getCorrelationTraps();
        waiting().until(d -> String.valueOf(traps).equals(d.findElement(By.cssSelector("#esd-info .traps"))
                .getDomAttribute("data-traps")));
        assertTrue(driver.findElement(By.cssSelector("#esd-info .traps")).getText().contains("oversized weights"));
        Browser.screenshot(driver, "06-esd-traps");
        // hovering a timeline cell shows step, the snapshot's own phase and margin, traps, metrics and evidence
        WebElement canvas = driver.findElement(By.id("timeline"));
        new Actions(driver).moveToElement(canvas, 0, 0).moveByOffset(60, 0).perform();
        WebElement tip = driver.findElement(By.id("timeline-tip"));
        waiting().until(d -> tip.isDisplayed() && tip.getText().contains("alpha"));
        String text = tip.getText();
        assertTrue(text.contains("this snapshot") && text.contains("margin") && text.contains("correlation_traps"),
                text);
        Browser.screenshot(driver, "06-esd-and-hover");
    }

    @Test
    @Order(7)
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
    @Order(8)
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
    @Order(9)
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
