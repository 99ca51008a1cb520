package org.devres4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Any internal failure of a command — an OutOfMemoryError included — is exit code 2 and one line, no stack trace. */
class InternalErrorTest {

    @Command(name = "boom")
    static final class Boom implements Callable<Integer> {
        private final Throwable failure;

        Boom(Throwable failure) {
            this.failure = failure;
        }

        @Override
        public Integer call() throws Exception {
            if (failure instanceof Error e) {
                throw e;
            }
            throw (Exception) failure;
        }
    }

    private static Cli.Run run(Throwable failure) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.addSubcommand("boom", new Boom(failure));
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return new Cli.Run(Main.run(cli, "boom"), out.toString(), err.toString());
    }

    @org.junit.jupiter.api.Test
    void anOutOfMemoryErrorExitsTwoWithOneLine() {
        Cli.Run run = run(new OutOfMemoryError("Java heap space"));

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("devres4j boom: out of memory (java.lang.OutOfMemoryError: Java heap space): give "
                + "the JVM more heap (JAVA_OPTS=-Xmx...) or ask for less" + System.lineSeparator());
        assertThat(run.out()).isEmpty();
    }

    @org.junit.jupiter.api.Test
    void anUnexpectedExceptionExitsTwoWithOneLineAndNoStackTrace() {
        Cli.Run run = run(new IllegalStateException("broken\nsecond line\n\tat somewhere"));

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("devres4j boom: internal error: java.lang.IllegalStateException: broken"
                + System.lineSeparator());
    }

    @org.junit.jupiter.api.Test
    void aHugeMessageIsCutToOneShortLine() {
        Cli.Run run = run(new StackOverflowError("y".repeat(100_000)));

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().lines().toList()).singleElement().satisfies(l -> assertThat(l.length()).isLessThan(400));
    }
}
