package io.esdmon.engine.testutil;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Locates the WeightWatcher reference data ({@code reference/weightwatcher.json} and the
 * {@code reference/matrices} folder of .npy files) on the test classpath, for this module's tests
 * and for other modules that depend on this module's test-jar. When the resources sit inside a
 * jar they are copied to a temporary folder once, so callers always get real file paths.
 */
public final class ReferenceFiles {

    private static final String ROOT = "reference";
    private static Path root;

    private ReferenceFiles() {
    }

    /** The folder holding the 18 reference .npy files and manifest.json. */
    public static Path matricesDir() {
        return root().resolve("matrices");
    }

    /** WeightWatcher's outputs on the reference matrices. */
    public static Path weightWatcherJson() {
        return root().resolve("weightwatcher.json");
    }

    private static synchronized Path root() {
        if (root == null) {
            root = locate();
        }
        return root;
    }

    private static Path locate() {
        URL url = ReferenceFiles.class.getClassLoader().getResource(ROOT + "/weightwatcher.json");
        if (url == null) {
            throw new IllegalStateException("reference/weightwatcher.json is not on the test classpath; add "
                    + "esdmon-engine (type test-jar) as a test dependency");
        }
        try {
            if (url.getProtocol().equals("file")) {
                return Path.of(url.toURI()).getParent();
            }
            return extract(url);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Copies the reference folder out of a jar into a temporary folder deleted at exit. */
    private static Path extract(URL url) throws IOException, URISyntaxException {
        Path target = Files.createTempDirectory("esdmon-reference");
        target.toFile().deleteOnExit(); // deletions run in reverse order: files, then folders
        try (FileSystem jar = FileSystems.newFileSystem(url.toURI(), Map.of());
                Stream<Path> files = Files.walk(jar.getPath("/" + ROOT))) {
            for (Path source : (Iterable<Path>) files::iterator) {
                Path copy = target.resolve(jar.getPath("/" + ROOT).relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(copy);
                    copy.toFile().deleteOnExit();
                } else {
                    try (InputStream in = Files.newInputStream(source)) {
                        Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
                    }
                    copy.toFile().deleteOnExit();
                }
            }
        }
        return target;
    }
}
