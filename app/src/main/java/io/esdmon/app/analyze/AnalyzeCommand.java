package io.esdmon.app.analyze;

import io.esdmon.app.PhaseFlags;
import io.esdmon.engine.AnalysisOptions;
import io.esdmon.engine.LayerAnalyzer;
import io.esdmon.phases.PhaseClassifier;
import io.esdmon.engine.eigen.EigenSettings;
import io.esdmon.formats.LayerTensor;
import io.esdmon.formats.TensorEntry;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code esdmon analyze}: the offline analysis of weight files, WeightWatcher style. */
@Command(name = "analyze", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Analyzes the layers in weight files: the eigenvalue spectrum (ESD) of each 2-D (dense) or 4-D "
                + "(conv2d) weight, its power-law and Marchenko–Pastur fits and WeightWatcher's metrics.",
            "",
            "PATH is a .npy file (one layer, named after the file), a .safetensors file (every 2-D and 4-D "
                + "tensor, named by its tensor name), or a directory searched recursively for both. Biases and "
                + "other tensors that are not weights are listed as not analyzed."},
        footer = {
            "",
            "Output columns carry WeightWatcher's names, so --json/--csv output can be compared with WW's "
                + "details dataframe column by column. By default esdmon also computes what WW computes with "
                + "mp_fit=True, randomize=True, detX=True; --ww-default gives the columns of WW's plain "
                + "analyze().",
            "",
            "Examples:",
            "  esdmon analyze model.safetensors",
            "  esdmon analyze --json checkpoints/ > layers.json",
            "  esdmon analyze --csv --ww-default fc1.npy fc2.npy > layers.csv",
            "  esdmon analyze --pl-floor 1e-7 --pl-floor-relative model.safetensors",
            "",
            "Exit status: 0 when every path, file and tensor could be read; 1 otherwise (each problem is "
                + "one line on standard error, the other layers are still analyzed); 2 for bad usage."})
public final class AnalyzeCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "PATH", description = "Weight files (.npy, .safetensors) or "
            + "directories holding them.")
    List<Path> paths;

    @ArgGroup(exclusive = true)
    Format format = new Format();

    static final class Format {
        @Option(names = "--json", description = "Write a JSON array, one object per layer (NaN/inf as null).")
        boolean json;

        @Option(names = "--csv", description = "Write CSV with a header row.")
        boolean csv;
    }

    @Mixin
    AnalysisFlags flags;

    @Mixin
    SolverFlags solver;

    @Mixin
    PhaseFlags phaseFlags;

    @Option(names = "--progress", negatable = true, description = "Show progress on standard error (default: only "
            + "when it is a terminal); --no-progress never shows it.")
    Boolean progress;

    @Option(names = "--debug", description = "Print the stack trace of internal errors.")
    boolean debug;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        AnalysisOptions options;
        EigenSettings settings;
        PhaseClassifier classifier;
        try {
            options = flags.toOptions();
            settings = solver.toSettings();
            classifier = new PhaseClassifier(phaseFlags.thresholds());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        AnalyzeRun run = new AnalyzeRun(options, new LayerAnalyzer(options, settings), classifier, err, debug);
        List<TensorEntry> entries = run.scan(paths);
        int layers = (int) entries.stream().filter(LayerTensor.class::isInstance).count();
        try (Progress shown = new Progress(err, Progress.choose(progress, layers))) {
            run.analyze(entries, writer(out, entries), shown);
        }
        return run.failed() ? 1 : 0;
    }

    private ReportWriter writer(PrintWriter out, List<TensorEntry> entries) {
        if (format.json) {
            return new JsonReport(out);
        }
        if (format.csv) {
            return new CsvReport(out);
        }
        int widest = entries.stream().mapToInt(e -> e.name().length()).max().orElse(0);
        return new TableReport(out, Math.min(widest, 60));
    }
}
