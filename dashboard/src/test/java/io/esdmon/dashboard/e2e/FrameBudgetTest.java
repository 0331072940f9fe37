package io.esdmon.dashboard.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.esdmon.broker.KafkaBroker;
import io.esdmon.dashboard.Dashboard;
import io.esdmon.dashboard.DashboardConfig;
import io.esdmon.dashboard.Records;
import io.esdmon.dashboard.store.HistoryStore;
import io.esdmon.dashboard.store.RecordPosition;
import io.esdmon.phases.Phase;
import io.esdmon.testkit.KafkaBrokerExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The frame budget with 200 layers × 2000 steps loaded: the page opens the run, then live analyses
 * stream in (400 per second) while the mouse hovers the timeline. Chromium's long tasks
 * (PerformanceObserver) and the longest gap between animation frames must show no multi-second
 * freeze. The history goes into the store directly (the Kafka path is covered by
 * DashboardBrowserTest); the live analyses reach the page over Server-Sent Events as always.
 */
@ExtendWith(KafkaBrokerExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FrameBudgetTest {

    private static final int LAYERS = 200;
    private static final int STEPS = 2000;
    private static final String RUN = "big-run";
    private static final Phase[] PROGRESSION = {Phase.RANDOM_LIKE, Phase.BLEEDING_OUT, Phase.BULK_PLUS_SPIKES,
        Phase.BULK_DECAY, Phase.HEAVY_TAILED};
    /** Records long tasks and frame gaps from the first script on. */
    private static final String PERF = """
            window.__perf = { longtasks: [], frames: 0, maxGap: 0, last: 0 };
            new PerformanceObserver(list => {
              for (const e of list.getEntries()) window.__perf.longtasks.push({ start: e.startTime, duration: e.duration });
            }).observe({ type: 'longtask', buffered: true });
            (function tick(t) {
              const p = window.__perf;
              if (p.last && p.measuring) p.maxGap = Math.max(p.maxGap, t - p.last);
              p.last = t; p.frames++;
              requestAnimationFrame(tick);
            })(0);
            """;

    private Dashboard.Standalone server;
    private ChromeDriver driver;
    private final Random random = new Random(42);
    private final Phase[] current = new Phase[LAYERS];

    @BeforeAll
    void start(KafkaBroker broker) throws Exception {
        DashboardConfig config = DashboardConfig.defaults(Map.of("bootstrap.servers", broker.bootstrapServers()))
                .withTopics(KafkaBrokerExtension.freshTopics(broker, 1)).withBind("127.0.0.1", 0);
        server = Dashboard.serve(config);
        driver = Browser.start();
    }

    @AfterAll
    void stop() {
        if (driver != null) {
            driver.quit();
        }
        if (server != null) {
            server.close();
        }
    }

    /** Phases move along the progression at different paces per layer, with 3% one-step flickers. */
    private Phase phase(int layer, long step) {
        if (layer % 17 == 0 && step > 1500) {
            return Phase.RANK_COLLAPSE;
        }
        int base = (int) Math.min(4, (step + layer * 7L) / 450);
        if (random.nextDouble() < 0.03) {
            return PROGRESSION[random.nextInt(5)];
        }
        return PROGRESSION[base];
    }

    private void add(HistoryStore store, long step) {
        for (int l = 0; l < LAYERS; l++) {
            current[l] = phase(l, step);
            store.addAnalysis(Records.analysis(RUN, "block" + l / 4 + ".layer" + l % 4, l, step, current[l],
                    6 - current[l].code() + random.nextDouble()), RecordPosition.local(System.currentTimeMillis()));
        }
    }

    private Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    @Test
    void twoHundredLayersByTwoThousandStepsStayResponsive() throws Exception {
        HistoryStore store = server.dashboard().store();
        long fill0 = System.nanoTime();
        for (long step = 0; step < STEPS; step++) {
            add(store, step);
        }
        double fillSeconds = (System.nanoTime() - fill0) / 1e9;
        assertEquals(LAYERS * (long) STEPS, store.stats().points());

        driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", PERF));
        long load0 = System.nanoTime();
        driver.get(server.url() + "#/run/" + RUN);
        new WebDriverWait(driver, Duration.ofSeconds(60), Duration.ofMillis(20)).until(d -> ((Number) js(
                "return window.esdmon && window.esdmon.timeline && window.esdmon.timeline.stats.draws > 0"
                        + " && window.esdmon.timeline.layers().length === arguments[0] ? 1 : 0", LAYERS))
                .intValue() == 1);
        double loadMs = (System.nanoTime() - load0) / 1e6;
        @SuppressWarnings("unchecked")
        Map<String, Object> afterLoad = (Map<String, Object>) js("const p = window.__perf;"
                + " const m = Math.max(0, ...p.longtasks.map(t => t.duration));"
                + " const r = { count: p.longtasks.length, max: m }; p.longtasks = []; p.measuring = true;"
                + " p.maxGap = 0; p.frames = 0; return r;");

        // live: 2 steps per second for every layer, while the mouse moves over the timeline
        WebElement canvas = driver.findElement(By.id("timeline"));
        int width = canvas.getSize().getWidth();
        int height = canvas.getSize().getHeight();
        long live0 = System.nanoTime();
        long step = STEPS;
        int moves = 0;
        while (System.nanoTime() - live0 < 10_000_000_000L) {
            add(store, step++);
            new Actions(driver).moveToElement(canvas, -width / 2 + 60 + random.nextInt(width - 80),
                    -height / 2 + 20 + random.nextInt(height - 50)).perform();
            moves++;
            Thread.sleep(500);
        }
        double liveSeconds = (System.nanoTime() - live0) / 1e9;
        long lastStep = step - 1;
        new WebDriverWait(driver, Duration.ofSeconds(30), Duration.ofMillis(50)).until(d -> ((Number) js(
                "return Math.max(...window.esdmon.timeline.rows.map(r => r.lastStep))")).longValue() == lastStep);
        @SuppressWarnings("unchecked")
        Map<String, Object> live = (Map<String, Object>) js("const p = window.__perf; const s = window.esdmon.timeline.stats;"
                + " const d = p.longtasks.map(t => t.duration);"
                + " const segs = window.esdmon.timeline.rows.reduce((n, r) => n + r.starts.length, 0);"
                + " return { count: d.length, max: Math.max(0, ...d), total: d.reduce((a, b) => a + b, 0),"
                + " maxGap: p.maxGap, frames: p.frames, draws: s.draws, maxDraw: s.maxDrawMs, rects: s.rects,"
                + " segments: segs };");
        // a full redraw, timed in the page: median of 15
        @SuppressWarnings("unchecked")
        List<Number> redraws = (List<Number>) js("const t = window.esdmon.timeline; const out = [];"
                + " for (let i = 0; i < 15; i++) { const a = performance.now(); t.draw(); out.push(performance.now() - a); }"
                + " return out.sort((a, b) => a - b);");
        double redrawMedian = redraws.get(redraws.size() / 2).doubleValue();
        Browser.screenshot(driver, "10-frame-budget-200x2000");

        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "history: %d layers x %d steps (%,d analyses) stored in %.1f s", LAYERS, STEPS,
                LAYERS * STEPS, fillSeconds));
        lines.add(String.format(Locale.ROOT, "page open to timeline drawn: %.0f ms; long tasks while loading: %s, longest %.0f ms",
                loadMs, afterLoad.get("count"), ((Number) afterLoad.get("max")).doubleValue()));
        lines.add(String.format(Locale.ROOT, "live %.1f s, %d steps x %d layers (%.0f analyses/s), %d mouse moves: long tasks %s"
                        + " (total %.0f ms), longest %.0f ms; longest gap between frames %.0f ms over %s frames",
                liveSeconds, step - STEPS, LAYERS, (step - STEPS) * LAYERS / liveSeconds, moves, live.get("count"),
                ((Number) live.get("total")).doubleValue(), ((Number) live.get("max")).doubleValue(),
                ((Number) live.get("maxGap")).doubleValue(), live.get("frames")));
        lines.add(String.format(Locale.ROOT, "timeline: %s segments, %s rectangles per draw, %s draws, longest draw %.1f ms,"
                        + " full redraw median %.1f ms (of 15: %s)", live.get("segments"), live.get("rects"),
                live.get("draws"), ((Number) live.get("maxDraw")).doubleValue(), redrawMedian, redraws));
        lines.forEach(System.out::println);
        Path out = Path.of("target", "measurements", "frame-budget.txt");
        Files.createDirectories(out.getParent());
        Files.write(out, lines);

        assertTrue(((Number) afterLoad.get("max")).doubleValue() < 2000, "a multi-second freeze while loading: " + lines);
        assertTrue(((Number) live.get("max")).doubleValue() < 1000, "a long freeze while live: " + lines);
        assertTrue(((Number) live.get("maxGap")).doubleValue() < 2000, "frames stalled: " + lines);
        assertTrue(((Number) live.get("frames")).intValue() > 100, "the page kept rendering: " + lines);
    }
}
