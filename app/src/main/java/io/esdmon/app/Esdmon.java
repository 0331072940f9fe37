package io.esdmon.app;

import io.esdmon.app.bench.BenchCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code esdmon} command line. */
@Command(name = "esdmon", mixinStandardHelpOptions = true, version = "esdmon 0.1.0",
        description = "Watches neural networks train through random matrix theory.",
        subcommands = {CommandLine.HelpCommand.class, BenchCommand.class})
public final class Esdmon implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new Esdmon()).execute(args));
    }
}
