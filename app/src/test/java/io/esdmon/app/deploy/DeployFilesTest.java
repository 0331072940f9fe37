package io.esdmon.app.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.esdmon.app.serve.DashboardFlags;
import io.esdmon.testkit.RequiredTool;
import io.esdmon.wire.KafkaClientSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.ParseResult;

/**
 * deploy/ agrees with the code: the Dockerfile, the Kubernetes manifests and the compose file parse,
 * their esdmon commands are valid command lines of this build, ports, probes and Services meet on
 * serve's HTTP port and /health, every environment variable is one esdmon reads, and the compose
 * Prometheus scrapes esdmon with its token. No container engine runs these files here.
 */
class DeployFilesTest {

    private static final Path DEPLOY = DeployYaml.root();
    private static final Set<String> KAFKA_CLIENT_PROPERTIES = kafkaClientProperties();

    @Test
    void everyYamlFileUnderDeployParsesAndKustomizationListsEveryManifest() throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(DEPLOY)) {
            files = walk.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).toList();
        }
        assertTrue(files.size() >= 12, "YAML files under deploy/: " + files);
        for (Path f : files) {
            assertFalse(DeployYaml.documents(f).isEmpty(), f + " has no YAML document");
        }
        Map<String, Object> kustomization = DeployYaml.documents(DEPLOY.resolve("kubernetes/kustomization.yaml"))
                .get(0);
        Set<String> listed = new TreeSet<>(DeployYaml.strings(kustomization.get("resources")));
        Set<String> present = new TreeSet<>();
        try (Stream<Path> dir = Files.list(DEPLOY.resolve("kubernetes"))) {
            dir.map(p -> p.getFileName().toString()).filter(n -> !n.equals("kustomization.yaml"))
                    .forEach(present::add);
        }
        assertEquals(present, listed);
    }

    @Test
    void dockerfileBuildsTheShadedJarAndServesOnTheDefaultPortOfEveryInterface() throws IOException {
        String dockerfile = Files.readString(DEPLOY.resolve("Dockerfile"), StandardCharsets.UTF_8);
        Matcher copy = Pattern.compile("COPY --from=build /src/(\\S+) (\\S+)").matcher(dockerfile);
        assertTrue(copy.find(), "the runtime stage copies the jar from the build stage");
        assertEquals("app/target/esdmon.jar", copy.group(1), "the jar the app module's shade plugin writes");
        assertTrue(Files.readString(DEPLOY.resolve("../app/pom.xml")).contains("<finalName>esdmon</finalName>"));
        assertTrue(dockerfile.contains("ENTRYPOINT [\"java\", \"-jar\", \"" + copy.group(2) + "\"]"), dockerfile);

        List<String> cmd = jsonArray(dockerfile, "CMD");
        ParseResult serve = DeployYaml.esdmon(cmd, "Dockerfile CMD");
        assertEquals("0.0.0.0", serve.subcommand().matchedOptionValue("--http-host", ""), "a container serves on every"
                + " interface, or a published port reaches nothing; outside one the default stays 127.0.0.1");
        assertEquals("EXPOSE " + DeployYaml.httpPort(serve), line(dockerfile, "EXPOSE "));
        assertEquals("127.0.0.1", DeployYaml.defaultOf("serve", "--http-host"), "serve's default bind address");
    }

    @Test
    void kubernetesPodsRunValidCommandsWithProbesOnHealthAtTheirHttpPort() {
        List<Map<String, Object>> workloads = DeployYaml.kubernetes("Deployment", "Job");
        assertEquals(Set.of("esdmon-monitor", "esdmon-dashboard", "esdmon-topics"),
                new HashSet<>(workloads.stream().map(DeployYaml::name).toList()));
        for (Map<String, Object> w : workloads) {
            for (Map<String, Object> c : DeployYaml.containers(w)) {
                String where = DeployYaml.name(w) + "/" + c.get("name");
                assertEquals("esdmon:0.1.0", c.get("image"), where);
                ParseResult command = DeployYaml.esdmon(DeployYaml.strings(c.get("args")), where);
                if (!command.subcommand().commandSpec().name().equals("serve")) {
                    continue;
                }
                assertEquals("0.0.0.0", command.subcommand().matchedOptionValue("--http-host", ""), where
                        + ": kubelet probes the pod's address, not its loopback");
                int port = DeployYaml.httpPort(command);
                Map<String, Object> http = DeployYaml.containerPort(c, "http");
                assertEquals(port, http.get("containerPort"), where);
                for (String probe : List.of("readinessProbe", "livenessProbe")) {
                    Map<String, Object> get = DeployYaml.map(DeployYaml.map(c.get(probe)).get("httpGet"));
                    assertEquals("/health", get.get("path"), where + " " + probe);
                    assertEquals("http", get.get("port"), where + " " + probe);
                }
            }
        }
    }

    @Test
    void monitorReplicasShareOneConsumerGroupAndHaveAPartitionEach() {
        Map<String, Object> monitor = DeployYaml.kubernetes("Deployment").stream()
                .filter(d -> DeployYaml.name(d).equals("esdmon-monitor")).findFirst().orElseThrow();
        int replicas = (Integer) DeployYaml.map(monitor.get("spec")).get("replicas");
        assertTrue(replicas >= 2, "several monitor replicas, got " + replicas);
        ParseResult serve = DeployYaml.esdmon(DeployYaml.strings(DeployYaml.containers(monitor).get(0).get("args")),
                "monitor").subcommand();
        assertEquals("MONITOR", serve.matchedOptionValue("--role", null).toString());
        assertEquals("esdmon-monitor", serve.matchedOptionValue("--group", null), "one group for every replica");
        assertTrue(serve.hasMatchedOption("--no-create-topics"), "the topics Job creates the topics");

        Map<String, Object> job = DeployYaml.kubernetes("Job").get(0);
        ParseResult topics = DeployYaml.esdmon(DeployYaml.strings(DeployYaml.containers(job).get(0).get("args")),
                "topics job").subcommand();
        int partitions = topics.matchedOptionValue("--partitions", 0);
        assertTrue(partitions >= replicas, "no idle replica: " + partitions + " partitions, " + replicas
                + " replicas");
    }

    /**
     * Every variable a pod gets is one esdmon reads: the HTTP token or ESDMON_KAFKA_* naming a real
     * Kafka client property; every ConfigMap, Secret and key referred to exists; the trust store the
     * ConfigMap names is a file of a mounted Secret.
     */
    @Test
    void podEnvironmentIsWhatEsdmonReadsAndEveryReferenceResolves() {
        Map<String, Map<String, Object>> sources = new java.util.HashMap<>();
        for (Map<String, Object> doc : DeployYaml.kubernetes("ConfigMap", "Secret")) {
            Object data = doc.containsKey("stringData") ? doc.get("stringData") : doc.get("data");
            sources.put(doc.get("kind") + "/" + DeployYaml.name(doc), DeployYaml.map(data));
        }
        for (Map<String, Object> w : DeployYaml.kubernetes("Deployment", "Job")) {
            for (Map<String, Object> c : DeployYaml.containers(w)) {
                String where = DeployYaml.name(w) + "/" + c.get("name");
                Map<String, Object> env = new java.util.TreeMap<>();
                for (Object ref : DeployYaml.list(c.get("envFrom"))) {
                    Map<String, Object> r = DeployYaml.map(ref);
                    String kind = r.containsKey("configMapRef") ? "ConfigMap" : "Secret";
                    String name = (String) DeployYaml.map(r.getOrDefault("configMapRef", r.get("secretRef")))
                            .get("name");
                    Map<String, Object> data = sources.get(kind + "/" + name);
                    assertNotNull(data, where + " refers to a missing " + kind + " " + name);
                    env.putAll(data);
                }
                env.keySet().forEach(v -> assertReadByEsdmon(v, where));
                assertTrue(env.containsKey("ESDMON_KAFKA_SASL_JAAS_CONFIG"), where + " has the Kafka credentials");
                Map<String, Object> mounts = DeployYaml.secretMounts(w, c);
                String truststore = (String) env.get("ESDMON_KAFKA_SSL_TRUSTSTORE_LOCATION");
                Path store = Path.of(truststore);
                Object secret = mounts.get(store.getParent().toString());
                assertNotNull(secret, where + ": no Secret mounted at " + store.getParent());
                assertTrue(sources.get("Secret/" + secret).containsKey(store.getFileName().toString()),
                        where + ": Secret " + secret + " has no " + store.getFileName());
                if (!DeployYaml.name(w).equals("esdmon-topics")) {
                    assertTrue(env.containsKey(DashboardFlags.TOKEN_ENV), where + " protects its HTTP port");
                }
            }
        }
    }

    @Test
    void servicesSelectPodsAndReachTheirHttpPort() {
        List<Map<String, Object>> services = DeployYaml.kubernetes("Service");
        assertEquals(Set.of("esdmon-monitor", "esdmon-dashboard"),
                new HashSet<>(services.stream().map(DeployYaml::name).toList()));
        for (Map<String, Object> s : services) {
            Map<String, Object> spec = DeployYaml.map(s.get("spec"));
            Map<String, Object> selector = DeployYaml.map(spec.get("selector"));
            List<Map<String, Object>> pods = DeployYaml.kubernetes("Deployment").stream()
                    .filter(d -> DeployYaml.podLabels(d).entrySet().containsAll(selector.entrySet())).toList();
            assertEquals(1, pods.size(), "Service " + DeployYaml.name(s) + " selects one Deployment");
            for (Object p : DeployYaml.list(spec.get("ports"))) {
                Object target = DeployYaml.map(p).get("targetPort");
                assertNotNull(DeployYaml.containerPort(DeployYaml.containers(pods.get(0)).get(0), target.toString()),
                        "Service " + DeployYaml.name(s) + " targets " + target);
            }
        }
    }

    @Test
    void composeRunsKafkaEsdmonPrometheusAndGrafanaOnLoopbackPorts() {
        Path dir = DEPLOY.resolve("compose");
        Map<String, Object> compose = DeployYaml.documents(dir.resolve("compose.yaml")).get(0);
        Map<String, Object> services = DeployYaml.map(compose.get("services"));
        assertEquals(Set.of("kafka", "esdmon", "prometheus", "grafana"), services.keySet());

        Map<String, Object> esdmon = DeployYaml.map(services.get("esdmon"));
        ParseResult serve = DeployYaml.esdmon(DeployYaml.strings(esdmon.get("command")), "compose esdmon");
        Map<String, Object> kafkaEnv = DeployYaml.map(DeployYaml.map(services.get("kafka")).get("environment"));
        String internal = advertised(kafkaEnv.get("KAFKA_ADVERTISED_LISTENERS").toString(), "INTERNAL");
        assertEquals(internal, serve.subcommand().matchedOptionValue("--bootstrap", ""), "esdmon's bootstrap is"
                + " Kafka's advertised INTERNAL listener");
        assertEquals("kafka:" + internal.split(":")[1], internal);
        assertEquals("0.0.0.0", serve.subcommand().matchedOptionValue("--http-host", ""));
        assertEquals(List.of("127.0.0.1:" + DeployYaml.httpPort(serve) + ":" + DeployYaml.httpPort(serve)),
                DeployYaml.strings(esdmon.get("ports")));
        DeployYaml.map(esdmon.get("environment")).keySet().forEach(v -> assertReadByEsdmon(v, "compose esdmon"));
        assertTrue(DeployYaml.map(esdmon.get("environment")).get(DashboardFlags.TOKEN_ENV).toString()
                .startsWith("${" + DashboardFlags.TOKEN_ENV + ":?"), "the token is required, not defaulted");
        Map<String, Object> build = DeployYaml.map(esdmon.get("build"));
        assertTrue(Files.isRegularFile(dir.resolve(build.get("context").toString())
                .resolve(build.get("dockerfile").toString())), "the Dockerfile of the build");

        for (var e : services.entrySet()) {
            Map<String, Object> service = DeployYaml.map(e.getValue());
            for (String port : DeployYaml.strings(service.getOrDefault("ports", List.of()))) {
                assertTrue(port.startsWith("127.0.0.1:"), e.getKey() + " publishes " + port + " beyond this machine");
            }
            for (String volume : DeployYaml.strings(service.getOrDefault("volumes", List.of()))) {
                if (volume.startsWith(".")) {
                    assertTrue(Files.exists(dir.resolve(volume.split(":")[0])), e.getKey() + " mounts " + volume);
                }
            }
        }
    }

    /**
     * The compose Prometheus scrapes the esdmon service at its port with the token from the secret it
     * mounts, loads rules that it mounts, and promtool accepts the configuration.
     */
    @Test
    void composePrometheusScrapesEsdmonWithItsToken(@TempDir Path tmp) throws Exception {
        Path dir = DEPLOY.resolve("compose");
        Map<String, Object> services = DeployYaml.map(DeployYaml.documents(dir.resolve("compose.yaml")).get(0)
                .get("services"));
        ParseResult serve = DeployYaml.esdmon(DeployYaml.strings(DeployYaml.map(services.get("esdmon"))
                .get("command")), "compose esdmon");
        Map<String, Object> prometheus = DeployYaml.map(services.get("prometheus"));
        Path config = dir.resolve("prometheus.yml");
        Map<String, Object> scrape = DeployYaml.map(DeployYaml.list(DeployYaml.documents(config).get(0)
                .get("scrape_configs")).get(0));
        assertEquals("/metrics", scrape.get("metrics_path"));
        Map<String, Object> target = DeployYaml.map(DeployYaml.list(scrape.get("static_configs")).get(0));
        assertEquals(List.of("esdmon:" + DeployYaml.httpPort(serve)), DeployYaml.strings(target.get("targets")));
        Map<String, Object> auth = DeployYaml.map(scrape.get("authorization"));
        assertEquals("Bearer", auth.get("type"));
        List<String> secrets = DeployYaml.strings(prometheus.get("secrets"));
        assertEquals(List.of("/run/secrets/" + secrets.get(0)), List.of(auth.get("credentials_file")));
        Map<String, Object> secret = DeployYaml.map(DeployYaml.map(DeployYaml.documents(dir.resolve("compose.yaml"))
                .get(0).get("secrets")).get(secrets.get(0)));
        assertEquals(DashboardFlags.TOKEN_ENV, secret.get("environment"), "the token esdmon requires");

        List<String> mounts = DeployYaml.strings(prometheus.get("volumes"));
        Path promtool = RequiredTool.require("/usr/bin/promtool", "prometheus");
        Path token = Files.writeString(tmp.resolve("token"), "t");
        Files.writeString(tmp.resolve("prometheus.yml"), Files.readString(config).replace(
                auth.get("credentials_file").toString(), token.toString()));
        for (String rules : DeployYaml.strings(DeployYaml.documents(config).get(0).get("rule_files"))) {
            String source = mounts.stream().filter(m -> m.split(":")[1].equals("/etc/prometheus/" + rules))
                    .map(m -> m.split(":")[0]).findFirst()
                    .orElseThrow(() -> new AssertionError(rules + " is not mounted next to prometheus.yml"));
            Files.copy(dir.resolve(source), tmp.resolve(rules));
        }
        Process p = new ProcessBuilder(promtool.toString(), "check", "config", "prometheus.yml").directory(tmp.toFile())
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "promtool check config did not finish");
        assertEquals(0, p.exitValue(), output);
    }

    private static void assertReadByEsdmon(String variable, String where) {
        if (variable.equals(DashboardFlags.TOKEN_ENV)) {
            return;
        }
        assertTrue(variable.startsWith(KafkaClientSettings.ENV_PREFIX), where + ": esdmon does not read " + variable);
        String property = KafkaClientSettings.fromEnvironment(Map.of(variable, "")).keySet().iterator().next();
        assertTrue(KAFKA_CLIENT_PROPERTIES.contains(property), where + ": " + variable + " becomes " + property
                + ", which no Kafka client knows");
    }

    private static Set<String> kafkaClientProperties() {
        Set<String> names = new HashSet<>(ConsumerConfig.configNames());
        names.addAll(ProducerConfig.configNames());
        names.addAll(AdminClientConfig.configNames());
        return names;
    }

    private static String advertised(String listeners, String name) {
        for (String l : listeners.split(",")) {
            if (l.startsWith(name + "://")) {
                return l.substring(name.length() + 3);
            }
        }
        throw new AssertionError("no " + name + " listener in " + listeners);
    }

    private static String line(String text, String prefix) {
        return text.lines().filter(l -> l.startsWith(prefix)).findFirst().orElseThrow(() -> new AssertionError(
                "no line starting with " + prefix));
    }

    /** The exec-form array of a Dockerfile instruction, e.g. CMD ["serve", "--http-port", "8080"]. */
    private static List<String> jsonArray(String dockerfile, String instruction) {
        String l = line(dockerfile, instruction + " [");
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("\"([^\"]*)\"").matcher(l);
        while (m.find()) {
            out.add(m.group(1));
        }
        if (out.isEmpty()) {
            fail(instruction + " has no arguments");
        }
        return out;
    }
}
