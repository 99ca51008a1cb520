package org.devres4j.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.logging.Level;
import java.util.logging.Logger;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code devres4j} command line. Without a subcommand it runs {@code demo}.
 *
 * <p>Exit codes, for every command: 0 clean / every check passed; 1 a sanitizer report, a failed
 * fuzz run or a failed demo check; 2 a scenario error, bad usage, or an unexpected failure of the
 * tool itself.
 *
 * <p><b>Lifetime:</b> each command builds the owners and worlds it needs and releases them before it
 * returns; nothing outlives a run. <b>Order:</b> one command per run, on the calling thread.
 * <b>Concurrency:</b> a command joins any thread it starts before it returns.
 *
 * <p>Each command is a class annotated with {@link Command}, listed in {@code subcommands} below; it
 * returns its exit code from {@link Callable#call()} and writes to {@code spec.commandLine().getOut()}
 * and {@code getErr()}, so that tests can capture both.
 */
@Command(name = "devres4j",
        mixinStandardHelpOptions = true,
        versionProvider = VersionCommand.Provider.class,
        description = {"Managed resources with the Linux driver model's lifetime rules. "
                + "Runs the demo when no command is given.",
                "Exit codes: 0 clean, 1 sanitizer report (or a failed check / fuzz run), 2 scenario error or bad usage."},
        subcommands = {DemoCommand.class, ListCommand.class, RunCommand.class, TraceCommand.class,
                FuzzCommand.class, WatchCommand.class, VersionCommand.class, HelpCommand.class})
public final class Main implements Callable<Integer> {

    /** Exit code of an unexpected failure of the tool itself (reported like a scenario error). */
    static final int INTERNAL_ERROR = 2;

    /** Held so the level set in {@link #quietKernelWarnings()} is not lost to garbage collection. */
    private static Logger kernelLogger;

    @Spec
    CommandSpec spec;

    /**
     * Runs the command line and exits with the command's exit code.
     *
     * @param args the arguments
     */
    public static void main(String[] args) {
        quietKernelWarnings();
        System.exit(commandLine().execute(args));
    }

    /**
     * The kernel model logs a failed probe as a warning; in buggy scenarios that is the expected story
     * and the sanitizer's report says it better. Unless the user configured logging, show only errors.
     */
    private static void quietKernelWarnings() {
        if (System.getProperty("java.util.logging.config.file") == null
                && System.getProperty("java.util.logging.config.class") == null) {
            kernelLogger = Logger.getLogger("org.devres4j");
            kernelLogger.setLevel(Level.SEVERE);
        }
    }

    /** @return a fresh command line over every command (tests call {@code setOut}, {@code setErr} and {@code execute}) */
    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            err.println("devres4j " + commandLine.getCommandName() + ": failed unexpectedly: " + e);
            e.printStackTrace(err);
            err.flush();
            return INTERNAL_ERROR;
        });
        return cli;
    }

    /** No subcommand: run the demo. */
    @Override
    public Integer call() {
        return spec.commandLine().getSubcommands().get("demo").execute();
    }
}
