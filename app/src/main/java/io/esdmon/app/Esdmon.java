package io.esdmon.app;

import io.esdmon.app.analyze.AnalyzeCommand;
import io.esdmon.app.bench.BenchCommand;
import io.esdmon.app.broker.BrokerCommand;
import io.esdmon.app.demo.DemoCommand;
import io.esdmon.app.publish.PublishCommand;
import io.esdmon.app.replay.ReplayCommand;
import io.esdmon.app.serve.ServeCommand;
import io.esdmon.app.topics.TopicsCommand;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code esdmon} command line. */
@Command(name = "esdmon", mixinStandardHelpOptions = true, version = "esdmon 0.1.0",
        description = "Watches neural networks train through random matrix theory.",
        subcommands = {CommandLine.HelpCommand.class, AnalyzeCommand.class, BenchCommand.class, BrokerCommand.class,
                DemoCommand.class, PublishCommand.class, ReplayCommand.class, ServeCommand.class, TopicsCommand.class})
public final class Esdmon implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /**
     * The command line with esdmon's conventions: lower-case enum values (clip_xmax), and usage
     * errors as one "esdmon: ..." line plus a pointer to --help instead of the whole help text.
     */
    public static CommandLine commandLine() {
        return new CommandLine(new Esdmon()).setCaseInsensitiveEnumValuesAllowed(true)
                .setParameterExceptionHandler(Esdmon::usageError);
    }

    private static int usageError(CommandLine.ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println("esdmon: " + e.getMessage());
        CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
        err.println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for more information.");
        err.flush();
        return cmd.getCommandSpec().exitCodeOnInvalidInput();
    }

    public static void main(String[] args) {
        // UTF-8 whatever the locale: JSON is UTF-8 by definition, and layer names and the table use it
        CommandLine cli = commandLine()
                .setOut(new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true))
                .setErr(new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true));
        System.exit(cli.execute(args));
    }
}
