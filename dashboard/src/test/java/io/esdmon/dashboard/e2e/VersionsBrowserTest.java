package io.esdmon.dashboard.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.esdmon.broker.KafkaBroker;
import io.esdmon.dashboard.Dashboard;
import io.esdmon.dashboard.DashboardConfig;
import io.esdmon.dashboard.MonitorRecords;
import io.esdmon.dashboard.replay.ReplayService;
import io.esdmon.dashboard.replay.ReplayView;
import io.esdmon.phases.Phase;
import io.esdmon.phases.PhaseThresholds;
import io.esdmon.phases.synthetic.Recipe;
import io.esdmon.testkit.KafkaBrokerExtension;
import io.esdmon.wire.RecordHeaders;
import io.esdmon.wire.topics.EsdTopics;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Analysis versions in headless Chromium against a real broker: a run the monitor labelled is
 * replayed from the page's replay form under stricter thresholds, the page shows the replay's
 * progress, then offers the new version, shows it side by side with the monitor's, and switches to it.
 * Each timeline must draw exactly the phases (tracked ones) and correlation-trap markers published under
 * its own thresholds.
 *
 * <p>The dashboard only starts replays through a {@link ReplayService}; here one that re-analyzes the
 * published snapshots the monitor's way (engine on the same matrices, classifier under the requested
 * thresholds) and writes them with replay headers, so that the page sees what a replay writes. The real
 * replay service behind {@code esdmon serve} is tested in app (ServeReplayTest).
 */
@ExtendWith(KafkaBrokerExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VersionsBrowserTest {

    private static final String RUN = "versions-run";
    private static final Map<String, String> TAGS = Map.of("model", "mlp-4", "batch_size", "64");
    /**
     * Layers of known phases; the strong-signal ones lose their separated spikes under the strict rule, the
     * last has correlation traps under both.
     */
    private static final Recipe[] RECIPES = {Recipe.GAUSSIAN, Recipe.STRONG_SIGNAL, Recipe.WEAK_SIGNAL,
        Recipe.PARETO_VERY_HEAVY, Recipe.CORRELATION_TRAPS};
    private static final String STRICT = "phase.separatedWidths = 1000";
    private static final Duration WAIT = Duration.ofSeconds(60);

    private Dashboard.Standalone server;
    private MonitorRecords monitor;
    private ScriptedReplays replays;
    private ChromeDriver driver;
    /** Version id -> layer -> step -> snapshot, of what was published. */
    private final Map<String, Map<String, TreeMap<Long, MonitorRecords.Output>>> published = new HashMap<>();
    private String liveVersion;

    /** One published snapshot: enough to analyze it again. */
    private record Snapshot(String layer, int index, long step, Recipe recipe, long seed) {
    }

    @BeforeAll
    void start(KafkaBroker broker) throws Exception {
        EsdTopics topics = KafkaBrokerExtension.freshTopics(broker, 2);
        driver = Browser.start();
        replays = new ScriptedReplays(broker.bootstrapServers(), topics);
        server = Dashboard.serve(DashboardConfig.defaults(Map.of("bootstrap.servers", broker.bootstrapServers()))
                .withTopics(topics).withBind("127.0.0.1", 0), Optional.of(replays));
        monitor = new MonitorRecords(broker.bootstrapServers(), topics.analyses(), topics.transitions());
        for (long step = 0; step <= 40; step += 10) {
            for (int i = 0; i < RECIPES.length; i++) {
                Snapshot s = new Snapshot("fc" + i, i, step, RECIPES[i], step * 17 + i);
                replays.snapshots.add(s);
                MonitorRecords.Output o = analyze(monitor, s);
                monitor.publish(o);
                liveVersion = o.analysis().getConfigId() + "~" + o.analysis().getPhase().getClassifierConfigId();
                note(liveVersion, s, o);
            }
        }
        monitor.flush();
    }

    @AfterAll
    void stop() throws Exception {
        Browser.quitAndClose(driver, monitor, server); // the server closes the replay service
    }

    private static MonitorRecords.Output analyze(MonitorRecords records, Snapshot s) {
        return records.analyze(RUN, s.layer(), s.index(), s.step(), TAGS, s.recipe(), 400, 200, s.seed());
    }

    private void note(String version, Snapshot s, MonitorRecords.Output o) {
        synchronized (published) {
            published.computeIfAbsent(version, v -> new HashMap<>()).computeIfAbsent(s.layer(), l -> new TreeMap<>())
                    .put(s.step(), o);
        }
    }

    /** The phase a version's timeline draws for a layer at its newest step. */
    private Phase newestShown(String version, String layer) {
        return published.get(version).get(layer).lastEntry().getValue().shown();
    }

    private Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    private WebDriverWait waiting() {
        WebDriverWait w = new WebDriverWait(driver, WAIT, Duration.ofMillis(50));
        w.ignoring(StaleElementReferenceException.class);
        return w;
    }

    @Test
    void aReplayFromThePageBecomesAVersionShownSideBySideAndSwitchedTo() throws Exception {
        driver.get(server.url() + "#/run/" + RUN);
        waiting().until(d -> differences("timeline", liveVersion) == null);
        Select version = new Select(driver.findElement(By.id("run-version")));
        assertEquals(1, version.getOptions().size());
        assertFalse(driver.findElement(By.id("run-compare")).isEnabled(), "nothing to compare with yet");
        assertFalse(driver.findElement(By.id("compare-col")).isDisplayed());

        driver.findElement(By.cssSelector("#replay-panel summary")).click();
        driver.findElement(By.id("replay-config")).sendKeys(STRICT);
        driver.findElement(By.id("replay-tag")).sendKeys("strict");
        driver.findElement(By.id("replay-start")).click();
        String done = "#replay-jobs li[data-state='succeeded']";
        waiting().until(d -> !d.findElements(By.cssSelector(done)).isEmpty());
        WebElement job = driver.findElement(By.cssSelector(done));
        WebElement bar = job.findElement(By.tagName("progress"));
        assertEquals(bar.getDomProperty("max"), bar.getDomProperty("value"), "a finished replay fills its bar");
        int snapshots = replays.snapshots.size();
        assertTrue(job.getText().contains(snapshots + " analyses"), job.getText());
        assertTrue(replays.progressSeen.size() > 1, "the page polled the replay while it ran: " + replays.progressSeen);
        Browser.screenshot(driver, "versions-01-replayed");

        String strict = replays.version;
        waiting().until(d -> new Select(d.findElement(By.id("run-compare"))).getOptions().size() == 2);
        assertEquals(liveVersion, version.getFirstSelectedOption().getDomAttribute("value"), "the monitor's stays shown");
        new Select(driver.findElement(By.id("run-compare"))).selectByValue(strict);
        waiting().until(d -> d.findElement(By.id("compare-col")).isDisplayed()
                && differences("compare", strict) == null);
        assertEquals(null, differences("timeline", liveVersion), "the main timeline is still the monitor's");
        assertTrue(driver.findElement(By.id("compare-label")).getText().startsWith("strict"),
                driver.findElement(By.id("compare-label")).getText());
        assertTrue(published.get(strict).keySet().stream().anyMatch(l -> newestShown(strict, l)
                != newestShown(liveVersion, l)), "the stricter rule relabelled some layer: " + published);
        for (String v : List.of(liveVersion, strict)) {
            assertTrue(published.get(v).get("fc4").values().stream().allMatch(MonitorRecords.Output::trapped),
                    "correlation traps do not depend on the thresholds, and both timelines mark them");
        }
        Browser.screenshot(driver, "versions-02-side-by-side");
        waiting().until(d -> String.valueOf(js("const r = document.querySelector(arguments[0]);"
                + " return r ? r.textContent : ''", "tr[data-run='" + RUN + "']")).contains("2 analysis versions"));

        new Select(driver.findElement(By.id("run-version"))).selectByValue(strict);
        waiting().until(d -> strict.equals(d.findElement(By.id("timeline-label")).getDomAttribute("data-version"))
                && differences("timeline", strict) == null);
        assertFalse(driver.findElement(By.id("compare-col")).isDisplayed(), "a version is not compared with itself");
        // the ESD panel reads the shown version too: a relabelled layer shows its strict phase
        String relabelled = published.get(strict).keySet().stream().filter(l -> newestShown(strict, l)
                != newestShown(liveVersion, l)).findFirst().orElseThrow();
        Phase strictPhase = newestShown(strict, relabelled);
        new Select(driver.findElement(By.id("esd-layer"))).selectByValue(relabelled);
        String chip = "#esd-info .chip[data-phase='" + strictPhase.name() + "']";
        waiting().until(d -> relabelled.equals(d.findElement(By.id("esd")).getDomAttribute("data-layer"))
                && !d.findElements(By.cssSelector(chip)).isEmpty());
        Browser.screenshot(driver, "versions-03-switched");
    }

    /**
     * Null when the timeline ({@code timeline} or {@code compare}) draws what was published for {@code version}:
     * its tracked phases, and a trap marker over the snapshots with correlation traps.
     */
    @SuppressWarnings("unchecked")
    private String differences(String hook, String version) {
        Map<String, TreeMap<Long, MonitorRecords.Output>> want;
        synchronized (published) {
            want = published.get(version);
        }
        if (want == null) {
            return "nothing published for " + version;
        }
        for (Map.Entry<String, TreeMap<Long, MonitorRecords.Output>> e : want.entrySet()) {
            List<long[]> expected = new ArrayList<>();
            for (Map.Entry<Long, MonitorRecords.Output> p : e.getValue().entrySet()) {
                int code = p.getValue().shown().code();
                if (expected.isEmpty() || expected.get(expected.size() - 1)[1] != code) {
                    expected.add(new long[] {p.getKey(), code});
                }
            }
            List<Long> trapped = e.getValue().entrySet().stream().filter(p -> p.getValue().trapped())
                    .map(Map.Entry::getKey).toList();
            List<Map<String, Object>> marks = (List<Map<String, Object>>) js(
                    "const t = window.esdmon && window.esdmon[arguments[0]]; return t ? t.trapMarks(arguments[1]) : null",
                    hook, e.getKey());
            List<Long> marked = marks == null ? null : marks.stream().flatMap(m -> e.getValue().keySet().stream()
                    .filter(step -> step >= ((Number) m.get("start")).longValue()
                            && step <= ((Number) m.get("end")).longValue())).toList();
            if (!trapped.equals(marked)) {
                return hook + " " + e.getKey() + ": trap marks over " + marked + ", published traps at " + trapped;
            }
            List<Map<String, Object>> drawn = (List<Map<String, Object>>) js(
                    "const t = window.esdmon && window.esdmon[arguments[0]]; return t ? t.sample(arguments[1]) : null",
                    hook, e.getKey());
            if (drawn == null || drawn.size() != expected.size()) {
                return hook + " " + e.getKey() + ": drawn " + drawn + ", expected " + expected.size() + " segments";
            }
            for (int k = 0; k < drawn.size(); k++) {
                long start = ((Number) drawn.get(k).get("start")).longValue();
                int code = ((Number) drawn.get(k).get("code")).intValue();
                if (start != expected.get(k)[0] || code != expected.get(k)[1]) {
                    return hook + " " + e.getKey() + " segment " + k + ": " + drawn.get(k) + " expected "
                            + java.util.Arrays.toString(expected.get(k));
                }
            }
        }
        return null;
    }

    /**
     * Replays the test's snapshots under the thresholds a request names ({@code phase.NAME = value}
     * lines), slowly enough for the page to watch, writing what a replay writes.
     */
    private final class ScriptedReplays implements ReplayService {
        final List<Snapshot> snapshots = new CopyOnWriteArrayList<>();
        final List<Long> progressSeen = new CopyOnWriteArrayList<>();
        private final String bootstrap;
        private final EsdTopics topics;
        private volatile ReplayView view;
        volatile String version;

        ScriptedReplays(String bootstrap, EsdTopics topics) {
            this.bootstrap = bootstrap;
            this.topics = topics;
        }

        @Override
        public ReplayView start(String run, String configText, String tag, String from, String to) {
            Map<String, String> overrides = new HashMap<>();
            Properties p = new Properties();
            try {
                p.load(new StringReader(configText));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            for (String key : p.stringPropertyNames()) {
                if (!key.startsWith("phase.")) {
                    throw new IllegalArgumentException("this test replays phase thresholds only, got " + key);
                }
                overrides.put(key.substring("phase.".length()), p.getProperty(key));
            }
            PhaseThresholds thresholds = PhaseThresholds.DEFAULTS.with(overrides);
            String classifierId = "phases-" + Integer.toHexString(thresholds.hashCode());
            String id = "rpl-test" + Integer.toHexString(configText.hashCode() & 0xffff);
            view = view(id, run, tag, "running", 0, "");
            Thread t = new Thread(() -> replay(id, run, tag, thresholds, classifierId), "scripted-replay");
            t.setDaemon(true);
            t.start();
            return view;
        }

        private void replay(String id, String run, String tag, PhaseThresholds thresholds, String classifierId) {
            Map<String, String> headers = new HashMap<>(Map.of(RecordHeaders.REPLAY, id));
            if (!tag.isEmpty()) {
                headers.put(RecordHeaders.TAG, tag);
            }
            try (MonitorRecords records = new MonitorRecords(bootstrap, topics.analyses(), topics.transitions(),
                    thresholds, classifierId, headers)) {
                int done = 0;
                for (Snapshot s : snapshots) {
                    MonitorRecords.Output o = analyze(records, s);
                    version = o.analysis().getConfigId() + "~" + classifierId;
                    note(version, s, o);
                    records.publish(o).get();
                    view = view(id, run, tag, "running", ++done, "");
                    Thread.sleep(150);
                }
                view = view(id, run, tag, "succeeded", done, "");
            } catch (Exception e) {
                view = view(id, run, tag, "failed", 0, e.toString());
            }
        }

        private ReplayView view(String id, String run, String tag, String state, int done, String error) {
            int total = snapshots.size();
            return new ReplayView(id, run, tag, version == null ? "" : version, "", "", state, done, total, done, 4,
                    done, 0, done * 150L, -1, error, state.equals("succeeded") ? List.of("replayed " + done) : List.of());
        }

        @Override
        public Optional<ReplayView> get(String id) {
            ReplayView v = view;
            return v != null && v.id().equals(id) ? Optional.of(v) : Optional.empty();
        }

        @Override
        public List<ReplayView> list(String run) {
            ReplayView v = view;
            if (v != null && v.state().equals("running")) {
                progressSeen.add(v.recordsRead());
            }
            return v == null || !v.run().equals(run) ? List.of() : List.of(v);
        }

        @Override
        public boolean cancel(String id) {
            return false;
        }
    }
}
