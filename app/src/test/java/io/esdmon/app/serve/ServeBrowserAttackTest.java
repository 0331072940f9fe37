package io.esdmon.app.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.esdmon.app.replay.DashboardReplays;
import io.esdmon.broker.KafkaBroker;
import io.esdmon.dashboard.DashboardConfig;
import io.esdmon.dashboard.e2e.Browser;
import io.esdmon.engine.testutil.Npy;
import io.esdmon.metrics.MetricsConfig;
import io.esdmon.pipeline.MonitorConfig;
import io.esdmon.publisher.SnapshotPublisher;
import io.esdmon.publisher.StepInfo;
import io.esdmon.testkit.KafkaBrokerExtension;
import io.esdmon.testkit.TopicWatch;
import io.esdmon.wire.topics.EsdTopics;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Chromium against the real serve stack without a token (the default): a page of another
 * site tries to start replays with a text/plain form, a no-cors fetch and a CORS fetch, and none is
 * started, while the dashboard's own page starts one; a name made to resolve to the server (DNS
 * rebinding, played by Chromium's *.localhost, which resolves to this machine) gets no answer. With
 * a token, the page opened as {@code /?token=} drops the token from its address and keeps working.
 */
@ExtendWith(KafkaBrokerExtension.class)
class ServeBrowserAttackTest {

    private static final String RUN = "csrf-target";
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static KafkaBroker broker;
    private static EsdTopics topics;
    private static ServeStack serve;
    private static Vertx attackerVertx;
    private static HttpServer attacker;
    private static ChromeDriver driver;

    @BeforeAll
    static void start(KafkaBroker b) throws Exception {
        driver = Browser.start();
        broker = b;
        topics = KafkaBrokerExtension.freshTopics(broker, 1);
        serve = ServeStack.start(settings(Optional.empty()));
        try (SnapshotPublisher p = SnapshotPublisher.create(kafka(), topics.snapshots())) {
            p.publishStep(StepInfo.of(RUN, 1), List.of(Npy.referenceMatrix("gauss_1000x500"))).get(60, TimeUnit.SECONDS);
        }
        TopicWatch.await(() -> answer(serve, "/api/runs").contains("\"" + RUN + "\""), WAIT,
                () -> "run " + RUN + " never appeared: " + answer(serve, "/api/runs"));
        attackerVertx = Vertx.vertx();
        attacker = attackerVertx.createHttpServer().requestHandler(req -> req.response()
                .putHeader("Content-Type", "text/html").end(attackPage(serve.port())))
                .listen(0, "127.0.0.1").await(20, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop() throws Exception {
        Browser.quitAndClose(driver, () -> {
            if (serve != null) {
                serve.stop(Duration.ofSeconds(60));
            }
        }, () -> {
            if (attackerVertx != null) {
                attackerVertx.close().await(10, TimeUnit.SECONDS);
            }
        });
    }

    private static Map<String, Object> kafka() {
        return Map.of("bootstrap.servers", broker.bootstrapServers());
    }

    private static ServeStack.Settings settings(Optional<String> token) {
        MonitorConfig monitor = MonitorConfig.defaults(kafka()).withTopics(topics).withGroupId("browser-"
                + topics.snapshots()).withWorkers(1, 2).withCreateTopics(false);
        return new ServeStack.Settings(token.isEmpty() ? monitor : null, MetricsConfig.defaults(),
                DashboardConfig.defaults(kafka()).withTopics(topics).withBind("127.0.0.1", 0),
                DashboardReplays.on(kafka(), topics, 1, 3), token, "127.0.0.1", 0, HttpLimits.DEFAULT);
    }

    /** A page of another site that tries three ways to make the dashboard start a replay. */
    private static String attackPage(int port) {
        String target = "http://127.0.0.1:" + port + "/api/runs/" + RUN + "/replays";
        return String.format(Locale.ROOT, """
                <!doctype html><html><body>
                <form id="form" method="POST" enctype="text/plain" action="%1$s" target="sink">
                  <input name='{"config": "phase.heavyAlpha = 3.1", "tag": "' value='form"}'>
                </form>
                <iframe name="sink"></iframe>
                <script>
                  window.tries = {};
                  fetch('%1$s', {method: 'POST', mode: 'no-cors', body: '{"config": "phase.heavyAlpha = 3.2"}'})
                    .then(() => window.tries.noCors = 'sent', e => window.tries.noCors = 'failed: ' + e);
                  fetch('%1$s', {method: 'POST', headers: {'Content-Type': 'application/json'},
                      body: '{"config": "phase.heavyAlpha = 3.3"}'})
                    .then(r => window.tries.cors = 'answered ' + r.status, e => window.tries.cors = 'blocked');
                  document.getElementById('form').submit();
                  window.tries.form = 'submitted';
                </script>
                </body></html>
                """, target);
    }

    @Test
    void aPageOfAnotherSiteStartsNoReplayButTheDashboardsOwnPageDoes() throws Exception {
        // attacker.localhost resolves to this machine, but is another site than 127.0.0.1
        driver.get("http://attacker.localhost:" + attacker.actualPort() + "/attack.html");
        new WebDriverWait(driver, WAIT).until(d -> js("return window.tries && window.tries.noCors && window.tries.cors"
                + " && window.tries.form ? true : false").equals(true));
        Thread.sleep(2000); // the form's post lands in its frame meanwhile
        Browser.screenshot(driver, "csrf-attack");
        assertEquals("blocked", js("return window.tries.cors"), "the CORS preflight is not granted");
        assertEquals(0, replays().size(), "a page of another site started replays: " + replays());

        driver.get(serve.url("/"));
        new WebDriverWait(driver, WAIT).until(d -> js("return window.esdmon && window.esdmon.state.runs.length > 0")
                .equals(true));
        Object status = ((JavascriptExecutor) driver).executeAsyncScript("const done = arguments[0];"
                + " import('./ui/api.js').then(api => api.sendJson('POST', 'api/runs/" + RUN + "/replays',"
                + " {config: 'phase.heavyAlpha = 3.4', tag: 'own-page'})).then(r => done(r.state),"
                + " e => done('failed: ' + e.status + ' ' + e.message))");
        assertTrue(List.of("queued", "running").contains(status), "the dashboard's own page: " + status);
        List<JsonObject> started = replays();
        assertEquals(1, started.size(), String.valueOf(started));
        assertEquals("own-page", started.get(0).getString("tag"));
    }

    @Test
    void aNameMadeToResolveToTheServerGetsNoAnswer() {
        driver.get("http://rebinding.localhost:" + serve.port() + "/api/runs");
        String body = driver.findElement(By.tagName("body")).getText();
        assertTrue(body.contains("does not answer to the name"), body);
        assertFalse(body.contains(RUN), "the runs were served to a foreign name: " + body);
        driver.get("http://localhost:" + serve.port() + "/api/runs");
        assertTrue(driver.findElement(By.tagName("body")).getText().contains(RUN));
    }

    @Test
    void theTokenLeavesTheAddressBarAndThePageKeepsWorking() throws Exception {
        ServeStack guarded = ServeStack.start(settings(Optional.of("browser-t0ken")));
        try {
            driver.get(guarded.url("/?token=browser-t0ken"));
            new WebDriverWait(driver, WAIT).until(d -> js("return window.esdmon && window.esdmon.state.status"
                    + " ? true : false").equals(true));
            String address = driver.getCurrentUrl();
            assertFalse(address.contains("token"), address);
            Object status = ((JavascriptExecutor) driver).executeAsyncScript("const done = arguments[0];"
                    + " fetch('api/status').then(r => done(r.status), e => done(String(e)))");
            assertEquals(200L, status, "the cookie set with the page carries the token");
            assertEquals(401, HTTP.send(HttpRequest.newBuilder(URI.create(guarded.url("/api/status"))).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode(), "and it is needed");
        } finally {
            guarded.stop(Duration.ofSeconds(60));
        }
    }

    private static Object js(String script) {
        return ((JavascriptExecutor) driver).executeScript(script);
    }

    private static List<JsonObject> replays() {
        JsonArray listed = new JsonObject(answer(serve, "/api/runs/" + RUN + "/replays")).getJsonArray("replays");
        return IntStream.range(0, listed.size()).mapToObj(listed::getJsonObject).toList();
    }

    private static String answer(ServeStack stack, String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(stack.url(path))).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (Exception e) {
            return e.toString();
        }
    }
}
