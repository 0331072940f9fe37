package io.esdmon.app.deploy;

import io.esdmon.app.Esdmon;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.yaml.snakeyaml.Yaml;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/** Reading deploy/: YAML documents, Kubernetes objects and their parts, esdmon command lines. */
final class DeployYaml {

    private DeployYaml() {
    }

    /** deploy/ of the repository the tests run in. */
    static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve("deploy/Dockerfile"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("no deploy/Dockerfile above " + Path.of("").toAbsolutePath()
                    + "; run the tests inside the esdmon repository");
        }
        return dir.resolve("deploy");
    }

    /** Every document of a YAML file, each a map. */
    static List<Map<String, Object>> documents(Path file) {
        List<Map<String, Object>> out = new ArrayList<>();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (Object doc : new Yaml().loadAll(r)) {
                if (doc != null) {
                    out.add(map(doc));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** The objects of these kinds in deploy/kubernetes/*.yaml. */
    static List<Map<String, Object>> kubernetes(String... kinds) {
        try (Stream<Path> files = Files.list(root().resolve("kubernetes"))) {
            return files.sorted().flatMap(f -> documents(f).stream())
                    .filter(d -> Set.of(kinds).contains(String.valueOf(d.get("kind")))).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String name(Map<String, Object> object) {
        return (String) map(object.get("metadata")).get("name");
    }

    /** The pod template's spec of a Deployment or Job. */
    static Map<String, Object> podSpec(Map<String, Object> workload) {
        return map(map(map(workload.get("spec")).get("template")).get("spec"));
    }

    static Map<String, Object> podLabels(Map<String, Object> workload) {
        return map(map(map(map(workload.get("spec")).get("template")).get("metadata")).get("labels"));
    }

    static List<Map<String, Object>> containers(Map<String, Object> workload) {
        return list(podSpec(workload).get("containers")).stream().map(DeployYaml::map).toList();
    }

    /** The container's port with this name or number, or null. */
    static Map<String, Object> containerPort(Map<String, Object> container, String nameOrNumber) {
        return list(container.get("ports")).stream().map(DeployYaml::map)
                .filter(p -> nameOrNumber.equals(p.get("name")) || nameOrNumber.equals(String.valueOf(
                        p.get("containerPort")))).findFirst().orElse(null);
    }

    /** Mount path → Secret name, for the container's volumes that are Secrets. */
    static Map<String, Object> secretMounts(Map<String, Object> workload, Map<String, Object> container) {
        Map<String, Object> secretOfVolume = new LinkedHashMap<>();
        for (Object v : list(podSpec(workload).get("volumes"))) {
            Map<String, Object> volume = map(v);
            if (volume.get("secret") != null) {
                secretOfVolume.put((String) volume.get("name"), map(volume.get("secret")).get("secretName"));
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (Object m : list(container.get("volumeMounts"))) {
            Map<String, Object> mount = map(m);
            if (secretOfVolume.containsKey(mount.get("name"))) {
                out.put((String) mount.get("mountPath"), secretOfVolume.get(mount.get("name")));
            }
        }
        return out;
    }

    /**
     * {@code args} parsed as an esdmon command line of this build; an unknown flag or a bad value
     * fails the test with picocli's message.
     */
    static ParseResult esdmon(List<String> args, String where) {
        try {
            return Esdmon.commandLine().parseArgs(args.toArray(String[]::new));
        } catch (CommandLine.ParameterException e) {
            throw new AssertionError(where + ": esdmon " + String.join(" ", args) + ": " + e.getMessage(), e);
        }
    }

    /** The HTTP port of a parsed {@code esdmon serve} (its default when not given). */
    static int httpPort(ParseResult esdmon) {
        ParseResult serve = esdmon.subcommand();
        return serve.matchedOptionValue("--http-port", Integer.parseInt(defaultOf("serve", "--http-port")));
    }

    /** The default value of a subcommand's option, as its help shows it. */
    static String defaultOf(String subcommand, String option) {
        return Esdmon.commandLine().getSubcommands().get(subcommand).getCommandSpec().findOption(option)
                .defaultValue();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o) {
        return o == null ? Map.of() : (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object o) {
        return o == null ? List.of() : (List<Object>) o;
    }

    static List<String> strings(Object o) {
        return list(o).stream().map(String::valueOf).toList();
    }
}
