package io.esdmon.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * deploy/host/debian-packages.txt, the one list of the Debian packages esdmon needs, by group: what
 * tests quote when a tool is missing and what the docs are checked against.
 */
public final class DebianPackages {

    private static final String LIST = "deploy/host/debian-packages.txt";

    private final Map<String, List<String>> groups;

    private DebianPackages(Map<String, List<String>> groups) {
        this.groups = groups;
    }

    /** The list of the repository the tests run in (found from the working directory upwards). */
    public static DebianPackages load() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve(LIST))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException(LIST + " not found above " + Path.of("").toAbsolutePath()
                    + "; run the tests from the esdmon repository");
        }
        return parse(dir.resolve(LIST));
    }

    static DebianPackages parse(Path file) {
        Map<String, List<String>> groups = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String content = line.replaceFirst("#.*", "").strip();
                if (content.isEmpty()) {
                    continue;
                }
                String[] fields = content.split("\\s+");
                if (fields.length != 2) {
                    throw new IllegalStateException(file + ": expected 'GROUP PACKAGE', got '" + line + "'");
                }
                groups.computeIfAbsent(fields[0], g -> new ArrayList<>()).add(fields[1]);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return new DebianPackages(groups);
    }

    /** The groups and their packages, in the file's order. */
    public Map<String, List<String>> groups() {
        return groups;
    }

    /** The packages of {@code group}, in the file's order. */
    public List<String> group(String group) {
        List<String> packages = groups.get(group);
        if (packages == null) {
            throw new IllegalArgumentException("no group '" + group + "' in " + LIST + "; groups: " + groups.keySet());
        }
        return packages;
    }

    /** {@code apt-get install} with the packages of {@code group}, as a message tells a user to run it. */
    public String installCommand(String group) {
        return "apt-get install " + String.join(" ", group(group));
    }
}
