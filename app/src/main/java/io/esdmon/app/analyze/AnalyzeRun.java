package io.esdmon.app.analyze;

import io.esdmon.engine.AnalysisOptions;
import io.esdmon.engine.LayerAnalysis;
import io.esdmon.engine.LayerAnalyzer;
import io.esdmon.phases.PhaseClassifier;
import io.esdmon.engine.LayerResult;
import io.esdmon.engine.SkipRules;
import io.esdmon.engine.SkippedLayer;
import io.esdmon.engine.tensor.LayerShape;
import io.esdmon.formats.LayerTensor;
import io.esdmon.formats.TensorEntry;
import io.esdmon.formats.UnsupportedTensor;
import io.esdmon.formats.WeightFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One {@code esdmon analyze} run: reads every file's header first (so the layer count and name
 * widths are known), then reads and analyzes one tensor at a time, writing each row as soon as it
 * is ready. A bad path, file or tensor costs one line on standard error and the run goes on.
 */
final class AnalyzeRun {

    private final AnalysisOptions options;
    private final LayerAnalyzer analyzer;
    private final PhaseClassifier classifier;
    private final PrintWriter err;
    private final boolean debug;
    private Progress progress;
    private int errors;

    AnalyzeRun(AnalysisOptions options, LayerAnalyzer analyzer, PhaseClassifier classifier, PrintWriter err,
            boolean debug) {
        this.options = options;
        this.analyzer = analyzer;
        this.classifier = classifier;
        this.err = err;
        this.debug = debug;
        this.progress = new Progress(err, Progress.Mode.OFF);
    }

    /** Every tensor entry below the given paths, in order; problems are reported and skipped. */
    List<TensorEntry> scan(List<Path> paths) {
        List<TensorEntry> entries = new ArrayList<>();
        for (Path path : paths) {
            List<Path> files;
            try {
                files = WeightFiles.find(path);
            } catch (NoSuchFileException e) {
                error(path, "no such file or directory");
                continue;
            } catch (IOException e) {
                error(path, describe(e));
                continue;
            }
            if (files.isEmpty()) {
                error(path, "no .npy or .safetensors files in this directory");
            }
            for (Path file : files) {
                try {
                    entries.addAll(WeightFiles.open(file));
                } catch (IOException e) {
                    error(file, describe(e));
                }
            }
        }
        return entries;
    }

    /** Analyzes the entries in order, handing each row to {@code report}. */
    void analyze(List<TensorEntry> entries, ReportWriter report, Progress progress) {
        this.progress = progress;
        report.begin(Columns.enabledBy(options));
        int total = (int) entries.stream().filter(LayerTensor.class::isInstance).count();
        int index = 0;
        for (TensorEntry entry : entries) {
            Optional<ReportRow> row;
            if (entry instanceof UnsupportedTensor unsupported) {
                row = Optional.of(new ReportRow.NotAnalyzed(unsupported));
            } else {
                LayerTensor tensor = (LayerTensor) entry;
                progress.layer(++index, total, tensor.name());
                row = analyze(tensor);
                progress.clear();
            }
            row.ifPresent(report::row);
        }
        report.end();
    }

    /** Whether any path, file or tensor failed. */
    boolean failed() {
        return errors > 0;
    }

    private Optional<ReportRow> analyze(LayerTensor tensor) {
        Path file = tensor.file();
        try {
            Optional<SkippedLayer> skip = SkipRules.check(tensor.name(), tensor.kind(),
                    LayerShape.of(tensor.kind(), tensor.dims()), options);
            if (skip.isPresent()) {
                return Optional.of(new ReportRow.Skipped(file, skip.get()));
            }
            LayerResult result = analyzer.analyze(tensor.read());
            return Optional.of(result instanceof LayerAnalysis a ? new ReportRow.Analyzed(file, a, classifier.classify(a))
                    : new ReportRow.Skipped(file, (SkippedLayer) result));
        } catch (IOException e) {
            error(file, describe(e));
        } catch (IllegalArgumentException e) {
            error(file, prefixed(tensor.name(), e.getMessage()));
        } catch (OutOfMemoryError e) {
            error(file, tensor.name() + ": not enough memory for " + tensor.count() + " weights; give Java more "
                    + "heap, for example ESDMON_JAVA_OPTS=-Xmx16g");
        } catch (RuntimeException e) {
            error(file, tensor.name() + ": internal error, please report it: " + e);
            if (debug) {
                e.printStackTrace(err);
            }
        }
        return Optional.empty();
    }

    private void error(Path where, String what) {
        errors++;
        progress.clear();
        err.println("esdmon: " + where + ": " + what);
        err.flush();
    }

    private static String prefixed(String layer, String message) {
        return message != null && message.startsWith(layer + ":") ? message : layer + ": " + message;
    }

    private static String describe(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return e.getMessage() != null ? e.getMessage() : e.toString();
    }
}
