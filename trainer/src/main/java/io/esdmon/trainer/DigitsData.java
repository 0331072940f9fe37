package io.esdmon.trainer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;

/**
 * The UCI "Optical Recognition of Handwritten Digits" test set (E. Alpaydin, C. Kaynak, 1998;
 * CC BY 4.0): 1797 grey-scale 8×8 images of the digits 0–9 with pixel counts 0..16, shipped in this
 * jar (the copy distributed with scikit-learn), so training needs no download. See the module's
 * NOTICE for attribution.
 */
public final class DigitsData {

    /** Samples in the data set. */
    public static final int SIZE = 1797;
    /** Pixels per image (8×8). */
    public static final int FEATURES = 64;
    /** Held-out test samples in {@link #standardSplit()}, as in esdmon's reference MLP series. */
    public static final int TEST_SIZE = 297;
    /** Seed of {@link #standardSplit()}. */
    public static final long SPLIT_SEED = 20240501L;

    private static final String RESOURCE = "digits.csv.gz";
    private static final float MAX_PIXEL = 16f;

    private DigitsData() {
    }

    /** All 1797 samples, pixels scaled to [0, 1]. */
    public static Dataset load() {
        try (InputStream raw = DigitsData.class.getResourceAsStream(RESOURCE)) {
            if (raw == null) {
                throw new IllegalStateException("resource " + RESOURCE + " is missing from the esdmon-trainer jar; "
                        + "rebuild the trainer module");
            }
            return parse(new BufferedReader(new InputStreamReader(new GZIPInputStream(raw), StandardCharsets.US_ASCII)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the bundled digits data set", e);
        }
    }

    /** 1500 training and 297 test samples, always the same split. */
    public static DataSplit standardSplit() {
        return load().split(TEST_SIZE, SPLIT_SEED);
    }

    private static Dataset parse(BufferedReader in) throws IOException {
        float[] x = new float[SIZE * FEATURES];
        int[] y = new int[SIZE];
        int row = 0;
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            if (line.isBlank()) {
                continue;
            }
            if (row == SIZE) {
                throw new IllegalStateException("digits data has more than " + SIZE + " rows");
            }
            String[] cells = line.split(",");
            if (cells.length != FEATURES + 1) {
                throw new IllegalStateException("digits row " + row + " has " + cells.length + " columns, expected "
                        + (FEATURES + 1));
            }
            for (int j = 0; j < FEATURES; j++) {
                x[row * FEATURES + j] = Float.parseFloat(cells[j]) / MAX_PIXEL;
            }
            y[row] = (int) Float.parseFloat(cells[FEATURES]);
            row++;
        }
        if (row != SIZE) {
            throw new IllegalStateException("digits data has " + row + " rows, expected " + SIZE);
        }
        return new Dataset("uci-digits", x, y, FEATURES, 10);
    }
}
