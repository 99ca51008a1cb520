package org.devres4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's example scenario script parses and does what the README says. */
class ReadmeTest {

    @TempDir
    Path dir;

    /** @return the first fenced block after the line that names the example file */
    private static String example() throws IOException {
        Path readme = Path.of("..", "README.md");
        assertThat(readme).as("run from the cli module directory").exists();
        String text = Files.readString(readme);
        int named = text.indexOf("For example, `unplug-while-open.scenario`:");
        assertThat(named).as("the README names its example script").isNotNegative();
        int open = text.indexOf("```\n", named) + 4;
        int close = text.indexOf("```", open);
        return text.substring(open, close);
    }

    @Test
    void theExampleScriptRunsCleanOnTheFixedDriver() throws IOException {
        Path file = dir.resolve("unplug-while-open.scenario");
        Files.writeString(file, example());

        Cli.Run run = Cli.execute("run", file.toString());

        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(run.out()).contains("unplug-while-open: clean (0 reports");
    }

    @Test
    void theExampleWithThePlantedBugExitsOne() throws IOException {
        String buggy = example()
                .replaceFirst("(?m)^load vgpu .*$", "load vgpu variant=devm-connector-state")
                .replaceFirst("(?m)^touch p1 m1 read .*$", "ioctl p1 f1 get-connector")
                .replaceFirst("(?m)^expect clean$", "expect report use-after-release");
        assertThat(buggy).contains("variant=devm-connector-state", "ioctl p1 f1 get-connector", "expect report");
        Path file = dir.resolve("buggy.scenario");
        Files.writeString(file, buggy);

        Cli.Run run = Cli.execute("run", file.toString());

        assertThat(run.exitCode()).as(run.all()).isEqualTo(1);
        assertThat(run.out()).contains("SANITIZER: software use-after-release: 'vgpu connector state'");
    }
}
