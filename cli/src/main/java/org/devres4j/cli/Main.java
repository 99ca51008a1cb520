package org.devres4j.cli;

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
                FuzzCommand.class, VersionCommand.class, HelpCommand.class})
public final class Main implements Callable<Integer> {

    /** Exit code of an unexpected failure of the tool itself (reported like a scenario error). */
    static final int INTERNAL_ERROR = 2;

    @Spec
    CommandSpec spec;

    /**
     * Runs the command line and exits with the command's exit code.
     *
     * @param args the arguments
     */
    public static void main(String[] args) {
        Logger kernelLogger = quietKernelWarnings();
        int code = run(commandLine(), args);
        java.lang.ref.Reference.reachabilityFence(kernelLogger);   // keeps the level set until the end
        System.exit(code);
    }

    /**
     * The kernel model logs a failed probe as a warning; in buggy scenarios that is the expected story
     * and the sanitizer's report says it better. Unless the user configured logging, show only errors.
     *
     * @return the logger whose level was set (the caller keeps it reachable), or null
     */
    private static Logger quietKernelWarnings() {
        if (System.getProperty("java.util.logging.config.file") != null
                || System.getProperty("java.util.logging.config.class") != null) {
            return null;
        }
        Logger l = Logger.getLogger("org.devres4j");
        l.setLevel(Level.SEVERE);
        return l;
    }

    /**
     * Executes a command line. Whatever fails inside a command — an {@link OutOfMemoryError} included —
     * becomes one line on the error stream and exit code {@link #INTERNAL_ERROR}; no stack trace (set the
     * system property {@code devres4j.stacktrace=true} to get one).
     *
     * @param cli  the command line
     * @param args the arguments
     * @return the exit code
     */
    static int run(CommandLine cli, String... args) {
        try {
            return cli.execute(args);
        } catch (Throwable t) {   // an Error escapes picocli's execution handler: the same one line
            return internalError(cli.getErr(), cli.getCommandName(), t);
        }
    }

    /** @return a fresh command line over every command (tests call {@code setOut}, {@code setErr} and {@link #run}) */
    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) ->
                internalError(commandLine.getErr(), commandLine.getCommandName(), e));
        return cli;
    }

    private static int internalError(java.io.PrintWriter err, String command, Throwable t) {
        String what = t instanceof OutOfMemoryError
                ? "out of memory (" + oneLine(t) + "): give the JVM more heap (JAVA_OPTS=-Xmx...) or ask for less"
                : "internal error: " + oneLine(t);
        err.println("devres4j " + command + ": " + what);
        if (Boolean.getBoolean("devres4j.stacktrace")) {
            t.printStackTrace(err);
        }
        err.flush();
        return INTERNAL_ERROR;
    }

    /**
     * @param token text a user gave, may be null
     * @return it in single quotes; a long one abbreviated with its length (a 10 MB argument is not echoed)
     */
    static String quote(String token) {
        if (token == null) {
            return "null";
        }
        return token.length() <= 40 ? "'" + token + "'"
                : "'" + token.substring(0, 40) + "…' (" + token.length() + " characters)";
    }

    /** @return the throwable's class and the first line of its message, at most 300 characters */
    static String oneLine(Throwable t) {
        String m = t.getMessage() == null ? "" : t.getMessage();
        int nl = m.indexOf('\n');
        String first = nl < 0 ? m : m.substring(0, nl);
        if (first.length() > 300) {
            first = first.substring(0, 300) + "... (" + first.length() + " characters)";
        }
        return t.getClass().getName() + (first.isEmpty() ? "" : ": " + first);
    }

    /** No subcommand: run the demo. */
    @Override
    public Integer call() {
        return spec.commandLine().getSubcommands().get("demo").execute();
    }
}
