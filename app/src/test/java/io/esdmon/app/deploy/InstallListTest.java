package io.esdmon.app.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.esdmon.testkit.DebianPackages;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * deploy/host/debian-packages.txt is the one install list: every package the docs tell a user to
 * install is on it, and the Python publisher's install line is exactly its `publisher` group, so
 * that the documented install cannot fall behind what the tests install.
 */
class InstallListTest {

    private static final Path REPO = DeployYaml.root().getParent();
    private static final Pattern APT_INSTALL = Pattern.compile("apt-get install((?:[ \\t]+-[-\\w]+)*)((?:[ \\t]+[a-z0-9][-a-z0-9.+]*)+)");

    private final DebianPackages list = DebianPackages.load();

    @Test
    void everyPackageTheDocsInstallIsOnTheList() throws IOException {
        Set<String> listed = new HashSet<>();
        list.groups().values().forEach(listed::addAll);
        List<Path> pages = new ArrayList<>(List.of(REPO.resolve("README.md")));
        try (Stream<Path> docs = Files.list(REPO.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).forEach(pages::add);
        }
        Set<String> unlisted = new TreeSet<>();
        int lines = 0;
        for (Path page : pages) {
            for (List<String> packages : installLines(page)) {
                lines++;
                packages.stream().filter(p -> !listed.contains(p)).map(p -> REPO.relativize(page) + ": " + p)
                        .forEach(unlisted::add);
            }
        }
        assertTrue(lines >= 3, "install lines found in the docs: " + lines);
        assertTrue(unlisted.isEmpty(), "packages the docs install but deploy/host/debian-packages.txt does not list: "
                + unlisted);
    }

    @Test
    void thePythonPublisherInstallIsThePublisherGroupAndTheReadmeQuotesTheSame() throws IOException {
        List<String> group = list.group("publisher");
        for (String page : List.of("docs/python-publisher.md", "README.md")) {
            List<List<String>> lines = installLines(REPO.resolve(page));
            assertTrue(lines.stream().anyMatch(l -> l.equals(group)),
                    page + " must install the publisher group " + group + " in one line; its install lines: " + lines);
        }
    }

    @Test
    void theListParsesIntoTheGroupsTheScriptsUse() {
        assertEquals(Set.of("build", "publisher", "examples", "bench", "test", "fresh"), list.groups().keySet());
        assertTrue(list.group("publisher").contains("libprotobuf-dev"),
                "protoc without libprotobuf-dev cannot compile the schemas (google/protobuf/timestamp.proto)");
        list.groups().forEach((g, packages) -> assertFalse(packages.isEmpty(), g));
        Set<String> seen = new HashSet<>();
        list.groups().values().forEach(ps -> ps.forEach(p -> assertTrue(seen.add(p), p + " is listed twice")));
    }

    /** The packages of every {@code apt-get install} in a page, options left out. */
    private static List<List<String>> installLines(Path page) throws IOException {
        String text = Files.readString(page, StandardCharsets.UTF_8);
        List<List<String>> lines = new ArrayList<>();
        Matcher m = APT_INSTALL.matcher(text);
        while (m.find()) {
            lines.add(Arrays.stream(m.group(2).strip().split("\\s+")).toList());
        }
        return lines;
    }
}
