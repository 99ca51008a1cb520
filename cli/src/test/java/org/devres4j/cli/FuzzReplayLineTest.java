package org.devres4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A failure replays exactly from its seed: the replay line a failing fuzz run prints, run as it
 * stands, fails the same way. Seed: {@code -Ddevres4j.seed=N} replaces the default.
 */
class FuzzReplayLineTest {

    private static final long SEED = Long.getLong("devres4j.seed", 42);

    @Test
    void thePrintedReplayLineReproducesTheFailureExactly() {
        System.out.println("FuzzReplayLineTest seed " + SEED);
        Cli.Run first = Cli.execute("fuzz", "--seed", String.valueOf(SEED), "--steps", "400", "--devices", "1",
                "--processes", "2", "--planted-bug", "devm-connector-state");
        assertThat(first.exitCode()).as("seed " + SEED + "\n" + first.all()).isEqualTo(1);

        String line = first.out().lines().filter(l -> l.startsWith("replay: ")).findFirst().orElseThrow();
        assertThat(line).as("seed " + SEED).isEqualTo("replay: devres4j fuzz --seed " + SEED
                + " --steps 400 --devices 1 --processes 2 --planted-bug devm-connector-state");
        assertThat(first.out()).as("the header names the same replay command")
                .contains("(" + line + ")");
        String[] words = line.substring("replay: ".length()).split(" ");
        assertThat(words[0]).isEqualTo("devres4j");

        Cli.Run replay = Cli.execute(Arrays.copyOfRange(words, 1, words.length));
        assertThat(replay.exitCode()).as("seed " + SEED + ": the replay line must fail too\n" + replay.all()).isEqualTo(1);
        assertThat(replay.out()).as("seed " + SEED + ": the same run, word for word").isEqualTo(first.out());
    }

    @Test
    void theFailingStepIsTheStepTheReportNames() {
        Cli.Run run = Cli.execute("fuzz", "--seed", String.valueOf(SEED), "--steps", "400", "--devices", "1",
                "--processes", "2", "--planted-bug", "devm-connector-state");
        Matcher fail = Pattern.compile("fuzz: FAIL, seed \\d+, at step (\\d+) \\(3 setup steps, then random step (\\d+) of 400\\)")
                .matcher(run.out());
        assertThat(fail.find()).as("seed " + SEED + "\n" + run.all()).isTrue();
        int step = Integer.parseInt(fail.group(1));
        assertThat(Integer.parseInt(fail.group(2))).isEqualTo(step - 3);
        assertThat(run.out()).as("seed " + SEED + ": the report is numbered like the verdict")
                .containsPattern("SANITIZER: [^\\n]*\\(step " + step + "[,)]");
    }
}
