package io.esdmon.formats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.esdmon.engine.testutil.ReferenceFiles;
import io.esdmon.engine.tensor.LayerKind;
import io.esdmon.engine.tensor.Weights;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WeightFilesTest {

    @TempDir
    Path dir;

    @Test
    void findsWeightFilesRecursivelySortedByPath() throws Exception {
        Files.createDirectories(dir.resolve("b/inner"));
        Files.createDirectories(dir.resolve("a"));
        for (String name : new String[] {"b/inner/z.npy", "b/y.safetensors", "a/x.NPY", "c.npy", "notes.txt",
                "a/model.bin"}) {
            Files.writeString(dir.resolve(name), "");
        }
        assertEquals(List.of("a/x.NPY", "b/inner/z.npy", "b/y.safetensors", "c.npy"),
                WeightFiles.find(dir).stream().map(p -> dir.relativize(p).toString()).toList());
        Path single = dir.resolve("notes.txt");
        assertEquals(List.of(single), WeightFiles.find(single));
    }

    @Test
    void rejectsMissingPathsAndOtherFileTypes() throws Exception {
        assertThrows(NoSuchFileException.class, () -> WeightFiles.find(dir.resolve("missing")));
        Path text = Files.writeString(dir.resolve("notes.txt"), "hi");
        WeightFormatException e = assertThrows(WeightFormatException.class, () -> WeightFiles.open(text));
        assertTrue(e.getMessage().startsWith("not a weight file"), e.getMessage());
    }

    /**
     * The 18 reference matrices: shapes as the manifest says, and Σw² of the values read equal to
     * WeightWatcher's {@code norm} (Σλ = ‖W‖²_F; raw weights, so conv2d_norm_false for the conv layer).
     */
    @Test
    void readsTheReferenceFilesAsWeightWatcherDid() throws Exception {
        ObjectMapper json = new ObjectMapper();
        JsonNode manifest = json.readTree(ReferenceFiles.matricesDir().resolve("manifest.json").toFile())
                .get("matrices");
        JsonNode ww = json.readTree(ReferenceFiles.weightWatcherJson().toFile()).get("matrices");
        List<Path> files = WeightFiles.find(ReferenceFiles.matricesDir());
        assertEquals(18, files.size());
        int normsChecked = 0;
        for (Path file : files) {
            TensorEntry entry = WeightFiles.open(file).get(0);
            String name = entry.name();
            assertEquals(name + ".npy", manifest.get(name).get("file").asText());
            long[] shape = json.convertValue(manifest.get(name).get("shape"), long[].class);
            assertArrayEquals(shape, entry.shape(), name);
            Weights w = ((LayerTensor) entry).read();
            assertEquals(shape.length == 4 ? LayerKind.CONV2D : LayerKind.DENSE, w.kind());
            double sumOfSquares = 0;
            for (int i = 0; i < w.values().length(); i++) {
                sumOfSquares += w.values().get(i) * w.values().get(i);
            }
            JsonNode rows = ww.get(name).get("configs").get(shape.length == 4 ? "conv2d_norm_false" : "default")
                    .get("rows");
            if (!rows.isEmpty()) {
                double norm = rows.get(0).get("norm").asDouble();
                assertEquals(norm, sumOfSquares, 1e-9 * norm, name);
                normsChecked++;
            }
        }
        assertEquals(17, normsChecked, "every matrix but the one WeightWatcher skips has a norm");
    }
}
