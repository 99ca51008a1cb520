package org.devres4j.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code devres4j} command line. Without a subcommand it runs {@code demo}.
 *
 * <p><b>Lifetime:</b> each command builds the owners it needs and releases them before it returns;
 * nothing outlives a run. <b>Order:</b> one command per run, on the calling thread. <b>Concurrency:</b>
 * a command may start threads of its own (the demo does) and joins them before it returns.
 *
 * <p>New commands ({@code list}, {@code run}, {@code fuzz}, {@code trace}) are added as classes
 * annotated with {@link Command} and listed in {@code subcommands} below; each returns its exit
 * code from {@link Callable#call()} and writes to {@code spec.commandLine().getOut()} so that
 * tests can capture it.
 */
@Command(name = "devres4j",
        mixinStandardHelpOptions = true,
        versionProvider = VersionCommand.Provider.class,
        description = "Managed resources with the Linux driver model's lifetime rules. "
                + "Runs the demo when no command is given.",
        subcommands = {DemoCommand.class, VersionCommand.class, HelpCommand.class})
public final class Main implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    /**
     * Runs the command line and exits with the command's exit code.
     *
     * @param args the arguments
     */
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** @return a fresh command line over every command (tests call {@code setOut} and {@code execute}) */
    static CommandLine commandLine() {
        return new CommandLine(new Main());
    }

    /** No subcommand: run the demo. */
    @Override
    public Integer call() {
        return spec.commandLine().getSubcommands().get("demo").execute();
    }
}
