package org.devres4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Runs the commands in-process and checks what they print and return. */
class DemoTest {

    private static final Pattern REL = Pattern.compile("^\\s*REL\\s+card0 #\\d+ (\\S+)", Pattern.MULTILINE);

    record Run(int exitCode, String out) {
    }

    private static Run execute(String... args) {
        StringWriter buffer = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(buffer, true));
        cli.setErr(new PrintWriter(buffer, true));
        int code = cli.execute(args);
        return new Run(code, buffer.toString());
    }

    private static List<String> releasedNames(String text) {
        Matcher m = REL.matcher(text);
        return m.results().map(r -> r.group(1)).filter(n -> !n.startsWith("group")).toList();
    }

    @Test
    void demoTellsTheWholeStoryAndExitsZero() {
        Run run = execute("demo");
        String out = run.out();

        assertThat(run.exitCode()).as(out).isZero();
        assertThat(out).contains("ADD  card0 #1 clock-enable")
                .contains("DEL  card0")
                .doesNotContain("FAILED")
                .containsPattern("demo: all \\d+ checks passed");
        // the group first (newest first), then the rest LIFO; temp-quirk was removed, never released
        assertThat(releasedNames(out)).as(out).containsExactly(
                "sysfs-attrs", "debugfs-dir",
                "irq-handler", "framebuffer", "mmio-unmap", "clock-enable");
        // the reader and the shutter, in their fixed order
        assertThat(out).containsSubsequence(
                "reader: entered a section of 'card0-hw'",
                "unplug: shut() called with 1 reader inside",
                "reader: sees the gate shut, finishes its access and exits the section",
                "unplug: shut() returned after",
                "ok: shut waited for the reader: it returned only after the reader exited",
                "later:  tryEnter on the shut gate is refused",
                "ok: a later tryEnter is refused");
        assertThat(out).contains("ok: mmio-unmap ran with the gate shut and no reader inside");
        assertThat(out).containsSubsequence("caught UseAfterReleaseException:",
                "use-after-release of 'framebuffer' owned by 'card0'",
                "card0 holds nothing");
    }

    @Test
    void noCommandRunsTheDemo() {
        Run run = execute();

        assertThat(run.exitCode()).as(run.out()).isZero();
        assertThat(run.out()).contains("devres4j demo:").containsPattern("demo: all \\d+ checks passed");
    }

    @Test
    void versionPrintsTheBuildVersion() {
        Run run = execute("version");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out().strip()).matches("devres4j \\d+\\.\\d+\\.\\d+(-SNAPSHOT)? \\(Java .+\\)");
        assertThat(run.out()).doesNotContain("${project.version}");
    }

    @Test
    void unknownCommandIsRefusedWithUsage() {
        Run run = execute("frobnicate");

        assertThat(run.exitCode()).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(run.out()).contains("Unmatched argument at index 0: 'frobnicate'").contains("Usage: devres4j");
    }
}
