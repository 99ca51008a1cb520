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
                FuzzCommand.class, WatchCommand.class, VersionCommand.class, HelpCommand.class})
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
            CommandLine.ParseResult pr = cli.getParseResult();
            while (pr != null && pr.subcommand() != null) {
                pr = pr.subcommand();
            }
            return internalError(cli.getErr(), pr != null ? pr.commandSpec().name() : cli.getCommandName(), t);
        }
    }

    /** @return a fresh command line over every command (tests call {@code setOut}, {@code setErr} and {@link #run}) */
    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) ->
                internalError(commandLine.getErr(), commandLine.getCommandName(), e));
        cli.setParameterExceptionHandler(Main::badUsage);
        return cli;
    }

    /**
     * Bad usage (an unknown command or option, a value that does not convert): picocli's message with
     * any long quoted value abbreviated (a 10 MB argument is not echoed), then the suggestions or the
     * usage of the command; exit code 2.
     */
    private static int badUsage(CommandLine.ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        java.io.PrintWriter err = cmd.getErr();
        err.println(abbreviateQuoted(ex.getMessage()));
        if (!CommandLine.UnmatchedArgumentException.printSuggestions(ex, err)) {
            cmd.usage(err);
        }
        err.flush();
        return cmd.getCommandSpec().exitCodeOnInvalidInput();
    }

    /** @return the text with every single-quoted part longer than 40 characters shortened as {@link #quote} does */
    static String abbreviateQuoted(String text) {
        StringBuilder sb = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            int open = text.indexOf('\'', i);
            int close = open < 0 ? -1 : text.indexOf('\'', open + 1);
            if (close < 0) {
                sb.append(text, i, text.length());
                break;
            }
            sb.append(text, i, open).append(quote(text.substring(open + 1, close)));
            i = close + 1;
        }
        return sb.length() > 2000 ? sb.substring(0, 2000) + "…" : sb.toString();
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
        return quote(token, 40);
    }

    /**
     * @param path a file path a user gave
     * @return it in single quotes, abbreviated only past 300 characters (a path is worth reading whole)
     */
    static String quotePath(String path) {
        return quote(path, 300);
    }

    private static String quote(String token, int max) {
        if (token == null) {
            return "null";
        }
        return token.length() <= max ? "'" + token + "'"
                : "'" + token.substring(0, max) + "…' (" + token.length() + " characters)";
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
