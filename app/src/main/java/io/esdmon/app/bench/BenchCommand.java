package io.esdmon.app.bench;

import io.esdmon.engine.AnalysisOptions;
import io.esdmon.engine.AnalysisOptions.ConvScaling;
import io.esdmon.engine.AnalysisOptions.RandomDistance;
import io.esdmon.engine.LayerAnalyzer;
import io.esdmon.engine.eigen.EigenBackend;
import io.esdmon.engine.eigen.EigenSettings;
import io.esdmon.engine.eigen.EigenSolver;
import io.esdmon.engine.eigen.Spectrum;
import io.esdmon.engine.eigen.SpectrumCalculator;
import io.esdmon.engine.tensor.Weights;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code esdmon bench}: times esdmon's eigenvalue stage and full analyses on random Gaussian
 * matrices, next to NumPy/SciPy on the very same matrices (written to a temporary .npy), and
 * compares the full analyses with the SVD count WeightWatcher's method needs.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Times esdmon's eigenvalue stage and full analyses against NumPy/SciPy on the same matrices.",
            "WeightWatcher itself is not run; its analyses are bounded below by the SVDs they take:",
            "default = 1 SVD, mp_fit+randomize = 3 SVDs (original, shuffle, fresh shuffle)."})
public final class BenchCommand implements Callable<Integer> {

    @Option(names = "--sizes", split = ",", paramLabel = "ROWSxCOLS",
            defaultValue = "1024x1024,2048x2048,4096x4096,11008x4096",
            description = "Matrix sizes, rows x cols (default: ${DEFAULT-VALUE}).")
    List<String> sizes;

    @Option(names = "--repetitions", defaultValue = "3", description = "Timed runs per method and size (default: ${DEFAULT-VALUE}).")
    int repetitions;

    @Option(names = "--threads", defaultValue = "1",
            description = "BLAS threads for both sides: OpenBLAS in esdmon, OPENBLAS_NUM_THREADS for Python (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--backend", defaultValue = "AUTO", description = "Eigen backend: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    EigenBackend backend;

    @Option(names = "--python", defaultValue = "/usr/bin/python3", description = "Python with numpy and scipy (default: ${DEFAULT-VALUE}).")
    String python;

    @Option(names = "--no-python", description = "Skip the NumPy/SciPy baseline.")
    boolean noPython;

    @Option(names = "--no-full", description = "Time the eigenvalue stage only.")
    boolean noFull;

    @Option(names = "--fresh-shuffle",
            description = "Draw a second shuffle for rand_distance as WeightWatcher does (one more eigendecomposition); "
                    + "by default esdmon reuses the first.")
    boolean freshShuffle;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the Gaussian matrices (default: ${DEFAULT-VALUE}).")
    long seed;

    @Spec
    CommandSpec spec;

    private final PrintStream out = System.out;
    private final PrintStream progress = System.err;

    @Override
    public Integer call() throws Exception {
        if (repetitions < 1 || threads < 1) {
            throw new ParameterException(spec.commandLine(), "--repetitions and --threads must be >= 1");
        }
        List<int[]> shapes;
        try {
            shapes = sizes.stream().map(BenchCommand::parseSize).toList();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        EigenSettings settings = new EigenSettings(backend, threads);
        EigenSolver solver = new EigenSolver(settings);
        SpectrumCalculator spectra = new SpectrumCalculator(solver);
        LayerAnalyzer wwDefault = new LayerAnalyzer(AnalysisOptions.weightWatcherDefault(), settings);
        // esdmon's defaults: MP fit, randomized ESD and detX on
        LayerAnalyzer mpRand = new LayerAnalyzer(AnalysisOptions.defaults().withRandomDistance(
                freshShuffle ? RandomDistance.FRESH_SHUFFLE : RandomDistance.SAME_SHUFFLE), settings);
        progress.printf(Locale.ROOT, "bench: %s backend, %d BLAS thread(s), %d repetitions, max heap %d MB%n",
                solver.isNative() ? "native OpenBLAS" : "pure-Java", threads, repetitions,
                Runtime.getRuntime().maxMemory() >> 20);
        warmUp(spectra, mpRand);

        Path dir = Files.createTempDirectory("esdmon-bench");
        List<Row> rows = new ArrayList<>();
        try {
            PythonBaseline baseline = noPython ? null : new PythonBaseline(python, threads, dir);
            for (int[] shape : shapes) {
                rows.add(benchOne(shape[0], shape[1], spectra, wwDefault, mpRand, baseline, dir));
            }
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        report(rows);
        return 0;
    }

    /**
     * Repetitions are interleaved (esdmon, then Python, then esdmon again ...) so that a shared
     * machine's changing load hits both sides alike.
     */
    private Row benchOne(int rows, int cols, SpectrumCalculator spectra, LayerAnalyzer wwDefault, LayerAnalyzer mpRand,
            PythonBaseline baseline, Path dir) throws IOException, InterruptedException {
        String label = rows + "x" + cols;
        progress.printf(Locale.ROOT, "%s: generating a Gaussian matrix%n", label);
        float[] data = gaussian(rows, cols, seed);
        Weights weights = Weights.dense("bench_" + label, rows, cols, data);
        Path npy = dir.resolve(label + ".npy");
        if (baseline != null) {
            NpyFloat32Writer.write(npy, rows, cols, data);
        }
        Spectrum[] last = new Spectrum[1];
        List<Double> eigen = new ArrayList<>();
        List<Double> full = new ArrayList<>();
        List<Double> fullMpRand = new ArrayList<>();
        List<Double> eigvalsh = new ArrayList<>();
        List<Double> svd = new ArrayList<>();
        for (int r = 1; r <= repetitions; r++) {
            String rep = label + " rep " + r + "/" + repetitions;
            eigen.add(time(rep, "esdmon eigenvalues", () -> last[0] = spectra.compute(weights, ConvScaling.NONE, 1e-6)));
            if (!noFull) {
                full.add(time(rep, "esdmon analysis (WW default config)", () -> wwDefault.analyze(weights)));
                fullMpRand.add(time(rep, "esdmon analysis (mp_fit + randomize + detX)", () -> mpRand.analyze(weights)));
            }
            if (baseline != null) {
                Map<String, List<Double>> py = baseline.run(npy, 1);
                eigvalsh.addAll(py.get("numpy_eigvalsh_gram"));
                svd.addAll(py.get("scipy_svd"));
            }
        }
        if (baseline != null) {
            Files.delete(npy);
        }
        return new Row(label, last[0].path().name(), Medians.of(eigen), median(full), median(fullMpRand),
                median(eigvalsh), median(svd));
    }

    private static double median(List<Double> seconds) {
        return seconds.isEmpty() ? Double.NaN : Medians.of(seconds);
    }

    private double time(String rep, String what, Supplier<?> task) {
        long t0 = System.nanoTime();
        task.get();
        double seconds = (System.nanoTime() - t0) / 1e9;
        progress.printf(Locale.ROOT, "  %s %s: %.3f s%n", what, rep, seconds);
        return seconds;
    }

    /** Loads the natives and compiles the hot loops on a small matrix, untimed. */
    private void warmUp(SpectrumCalculator spectra, LayerAnalyzer mpRand) {
        Weights small = Weights.dense("warmup", 256, 192, gaussian(256, 192, seed + 1));
        for (int i = 0; i < 3; i++) {
            spectra.compute(small, ConvScaling.NONE, 1e-6);
            if (!noFull) {
                mpRand.analyze(small);
            }
        }
    }

    static float[] gaussian(int rows, int cols, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] data = new float[Math.multiplyExact(rows, cols)];
        double scale = 1 / Math.sqrt(cols);
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) (random.nextGaussian() * scale);
        }
        return data;
    }

    static int[] parseSize(String size) {
        String[] parts = size.trim().toLowerCase(Locale.ROOT).split("x");
        try {
            if (parts.length == 2) {
                int rows = Integer.parseInt(parts[0]);
                int cols = Integer.parseInt(parts[1]);
                if (rows > 0 && cols > 0) {
                    return new int[] {rows, cols};
                }
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("bad size '" + size + "': use ROWSxCOLS with positive integers, e.g. 4096x4096");
    }

    private record Row(String size, String path, double eigen, double full, double fullMpRand, double eigvalsh,
            double svd) {
    }

    private void report(List<Row> rows) {
        out.printf(Locale.ROOT, "%nMedians of %d runs, seconds, %d BLAS thread(s) on both sides.%n", repetitions, threads);
        out.println("Eigenvalue stage (float32 weights, float64 math, Gram product included):");
        out.printf(Locale.ROOT, "%-12s %-12s %10s %14s %8s %10s %8s%n", "size", "esdmon path", "esdmon", "numpy eigvalsh", "ratio",
                "scipy svd", "ratio");
        for (Row r : rows) {
            out.printf(Locale.ROOT, "%-12s %-12s %10s %14s %8s %10s %8s%n", r.size, r.path, seconds(r.eigen), seconds(r.eigvalsh),
                    ratio(r.eigen, r.eigvalsh), seconds(r.svd), ratio(r.eigen, r.svd));
        }
        if (!noFull) {
            out.println("Full analysis vs the SVDs WeightWatcher's method needs (a lower bound of its time); esdmon mp+rand "
                    + (freshShuffle ? "draws two shuffles as WeightWatcher does:" : "reuses one shuffle (its default):"));
            out.printf(Locale.ROOT, "%-12s %14s %14s %8s %16s %16s %8s%n", "size", "esdmon default", "WW >= 1 SVD", "ratio",
                    "esdmon mp+rand", "WW >= 3 SVDs", "ratio");
            for (Row r : rows) {
                out.printf(Locale.ROOT, "%-12s %14s %14s %8s %16s %16s %8s%n", r.size, seconds(r.full), seconds(r.svd),
                        ratio(r.full, r.svd), seconds(r.fullMpRand), seconds(3 * r.svd), ratio(r.fullMpRand, 3 * r.svd));
            }
        }
        out.println("ratio = esdmon / baseline (below 1: esdmon is faster).");
        long peakHeap = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP).mapToLong(p -> p.getPeakUsage().getUsed())
                .sum() >> 20;
        out.printf(Locale.ROOT, "Java heap: max %d MB, peak used (sum over pools) %d MB; native buffers are off-heap.%n",
                Runtime.getRuntime().maxMemory() >> 20, peakHeap);
    }

    private static String seconds(double s) {
        return Double.isNaN(s) ? "-" : String.format(Locale.ROOT, "%.3f", s);
    }

    private static String ratio(double ours, double baseline) {
        return Double.isNaN(ours) || Double.isNaN(baseline) ? "-" : String.format(Locale.ROOT, "%.2f", ours / baseline);
    }
}
