package io.esdmon.formats;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/** Finds weight files and opens them by their extension ({@code .npy}, {@code .safetensors}). */
public final class WeightFiles {

    private WeightFiles() {
    }

    /** Whether esdmon reads files with this name. */
    public static boolean isWeightFile(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".npy") || name.endsWith(".safetensors");
    }

    /**
     * The weight files a user named: a file itself (whatever its extension, so a wrong one gives a
     * clear error when opened), or every {@code .npy} and {@code .safetensors} file below a
     * directory, recursively, sorted by path.
     *
     * @throws NoSuchFileException when the path does not exist
     */
    public static List<Path> find(Path path) throws IOException {
        if (!Files.exists(path)) {
            throw new NoSuchFileException(path.toString(), null, "no such file or directory");
        }
        if (!Files.isDirectory(path)) {
            return List.of(path);
        }
        try (Stream<Path> walk = Files.walk(path)) {
            return walk.filter(p -> Files.isRegularFile(p) && isWeightFile(p)).sorted().toList();
        }
    }

    /**
     * Reads a weight file's header and lists its tensors in file order; no tensor data is read.
     * A .npy file holds one tensor, named after the file stem.
     *
     * @throws WeightFormatException when the file is corrupt, truncated, not a weight file, or a .npy
     *                               array that is not a 2-D or 4-D float array
     */
    public static List<TensorEntry> open(Path file) throws IOException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".npy")) {
            return List.of(NpyReader.open(file));
        }
        if (name.endsWith(".safetensors")) {
            return SafetensorsReader.open(file);
        }
        throw new WeightFormatException("not a weight file esdmon reads; give .npy or .safetensors files, or a "
                + "directory holding them");
    }

    /** The file name without its extension. */
    static String stem(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}
