package org.devres4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The fuzz command, in-process, with fixed seeds and bounded step counts. */
class FuzzCommandTest {

    /** The seed of these tests; replay with -Ddevres4j.seed=N. */
    private static final long SEED = Long.getLong("devres4j.seed", 42);

    @TempDir
    Path dir;

    @Test
    void aFixedSeedIsPrintedAndTheCorrectDriverIsClean() {
        System.out.println("FuzzCommandTest seed " + SEED);
        Cli.Run run = Cli.execute("fuzz", "--seed", String.valueOf(SEED), "--steps", "300");

        assertThat(run.exitCode()).as("seed " + SEED + "\n" + run.all()).isZero();
        assertThat(run.out()).as("seed " + SEED).contains("fuzz: seed " + SEED + ", 300 steps, 2 devices, 3 processes, vgpu fixed")
                .contains("fuzz: PASS, seed " + SEED + ", 300 steps");
        assertThat(run.err()).as("no progress bar for a short run").isEmpty();
    }

    @Test
    void theSameSeedGivesTheSameRun() {
        String[] args = {"fuzz", "--seed", String.valueOf(SEED), "--steps", "200", "--devices", "1", "--processes", "2", "--json"};
        Cli.Run first = Cli.execute(args);
        Cli.Run second = Cli.execute(args);

        assertThat(first.exitCode()).as("seed " + SEED + "\n" + first.all()).isZero();
        assertThat(first.out()).as("seed " + SEED).startsWith("{\"seed\":" + SEED).contains("\"passed\":true", "\"events\":[");
        assertThat(second.out()).as("seed " + SEED + ": the same options replay the same event log").isEqualTo(first.out());
    }

    @Test
    void aPlantedBugIsFoundShrunkAndReplayable() throws Exception {
        Path saved = dir.resolve("shrunk.scenario");
        Cli.Run run = Cli.execute("fuzz", "--seed", String.valueOf(SEED), "--steps", "2000",
                "--planted-bug", "devm-connector-state", "--save", saved.toString());

        assertThat(run.exitCode()).as("seed " + SEED + "\n" + run.all()).isEqualTo(1);
        assertThat(run.out()).as("seed " + SEED).contains("fuzz: seed " + SEED)
                .contains("vgpu with planted bug devm-connector-state")
                .contains("fuzz: FAIL, seed " + SEED)
                .contains("SANITIZER: software use-after-release: 'vgpu connector state'")
                .containsSubsequence("shrunk to", "scenario fuzz-seed-" + SEED + "-shrunk",
                        "load vgpu variant=devm-connector-state", "expect report use-after-release");
        String script = Files.readString(saved);
        assertThat(run.out()).as("seed " + SEED).contains(script);

        Cli.Run replay = Cli.execute("run", saved.toString());
        assertThat(replay.exitCode()).as("seed " + SEED + ": the shrunk script reproduces the bug\n" + replay.all())
                .isEqualTo(1);
        assertThat(replay.out()).contains("SANITIZER: software use-after-release");
    }

    @ParameterizedTest
    @CsvSource({
        "devm-connector-state, SANITIZER: software use-after-release, use-after-release",
        "drmm-sysfs,           SANITIZER: EEXIST on re-registration,  eexist",
        "drmm-mmio,            SANITIZER: unguarded hardware access,  unguarded-access",
        "unguarded,            SANITIZER: unguarded hardware access,  unguarded-access",
    })
    void everyVgpuBugCanBePlantedAndIsFoundWithinABoundedRun(String bug, String report, String kind) throws Exception {
        System.out.println("FuzzCommandTest planted " + bug + ": seed " + SEED);
        Path saved = dir.resolve(bug + ".scenario");
        Cli.Run run = Cli.execute("fuzz", "--seed", String.valueOf(SEED), "--steps", "1500",
                "--planted-bug", bug, "--save", saved.toString());

        assertThat(run.exitCode()).as("seed " + SEED + ": " + bug + " not found in 1500 steps\n" + run.all()).isEqualTo(1);
        assertThat(run.out()).as("seed " + SEED).contains("vgpu with planted bug " + bug)
                .contains("fuzz: FAIL, seed " + SEED).contains(report);
        String script = Files.readString(saved);
        assertThat(script).as("seed " + SEED).contains("load vgpu variant=" + bug).contains("expect report " + kind);

        Cli.Run replay = Cli.execute("run", saved.toString());
        assertThat(replay.exitCode()).as("seed " + SEED + ": the shrunk script reproduces " + bug + "\n" + replay.all())
                .isEqualTo(1);
        assertThat(replay.out()).as("seed " + SEED).contains(report);
    }

    @Test
    void theProgressBarGoesToStderr() {
        Cli.Run run = Cli.execute("fuzz", "--seed", String.valueOf(SEED), "--steps", "100", "--progress");

        assertThat(run.exitCode()).as("seed " + SEED + "\n" + run.all()).isZero();
        assertThat(run.err()).as("seed " + SEED).contains("\rfuzz [").contains("100% 100/100 steps")
                .contains("[" + "#".repeat(30) + "]");
        assertThat(run.out()).doesNotContain("\r");
    }

    @Test
    void badOptionsExitTwoWithAMessage() {
        Cli.Run unknownBug = Cli.execute("fuzz", "--seed", "1", "--planted-bug", "no-such-bug");
        assertThat(unknownBug.exitCode()).isEqualTo(2);
        assertThat(unknownBug.err()).contains("unknown --planted-bug 'no-such-bug'")
                .contains("[devm-connector-state, drmm-sysfs, drmm-mmio, unguarded]");

        Cli.Run tooMany = Cli.execute("fuzz", "--seed", "1", "--devices", "9");
        assertThat(tooMany.exitCode()).isEqualTo(2);
        assertThat(tooMany.err()).contains("devices must be 1 to 8, got 9");

        Cli.Run notANumber = Cli.execute("fuzz", "--seed", "x");
        assertThat(notANumber.exitCode()).isEqualTo(2);
        assertThat(notANumber.err()).contains("Invalid value for option '--seed'");
    }

    @Test
    void aNegativeSeedRoundTripsThroughTheSavedScript() throws Exception {
        Path saved = dir.resolve("negative.scenario");
        Cli.Run run = Cli.execute("fuzz", "--seed", "-7", "--steps", "2000", "--planted-bug", "devm-connector-state",
                "--save", saved.toString());

        assertThat(run.exitCode()).as(run.all()).isEqualTo(1);
        assertThat(Files.readString(saved)).contains("seed -7\n");
        Cli.Run replay = Cli.execute("run", saved.toString());
        assertThat(replay.exitCode()).as("the saved script of a negative seed replays\n" + replay.all()).isEqualTo(1);
        assertThat(replay.out()).contains("SANITIZER: software use-after-release", "seed -7)");
    }

    @Test
    void theProgressBarIsDrawnOnlyOnATerminalUnlessAskedAndShowsAnEta() {
        assertThat(ProgressBar.wanted(null, FuzzCommand.AUTO_PROGRESS_STEPS, true)).isTrue();
        assertThat(ProgressBar.wanted(null, FuzzCommand.AUTO_PROGRESS_STEPS, false)).as("redirected: no bar").isFalse();
        assertThat(ProgressBar.wanted(null, FuzzCommand.AUTO_PROGRESS_STEPS - 1, true)).as("short run").isFalse();
        assertThat(ProgressBar.wanted(true, 1, false)).isTrue();
        assertThat(ProgressBar.wanted(false, 1_000_000, true)).isFalse();

        long[] now = {0};
        java.io.StringWriter text = new java.io.StringWriter();
        ProgressBar bar = new ProgressBar(new java.io.PrintWriter(text, true), () -> now[0]);
        assertThat(bar.eta(0, 100)).isEqualTo("?");
        now[0] = 10_000_000_000L;   // 10 s for the first quarter
        bar.onProgress(25, 100);
        assertThat(text.toString()).isEqualTo("\rfuzz [#######.......................]  25% 25/100 steps, ETA 30s");
        now[0] = 50_000_000_000L;   // 50 s for 5 of 600 steps: 5 of 600 left at that rate
        assertThat(bar.eta(5, 600)).isEqualTo("99m10s");
        bar.finish();
        assertThat(text.toString()).endsWith(System.lineSeparator());
    }

    @Test
    void withoutASeedAFreshOneIsPrinted() {
        Cli.Run run = Cli.execute("fuzz", "--steps", "50", "--devices", "1", "--processes", "1");

        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(run.out()).containsPattern("fuzz: seed \\d+, 50 steps").containsPattern("replay: devres4j fuzz --seed \\d+");
    }
}
