package org.devres4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.devres4j.sim.Scenarios;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** list, run and trace, in-process: output and exit codes. */
class CommandsTest {

    @TempDir
    Path dir;

    @Test
    void listShowsEveryBuiltInWithItsSeedsAndExpectedReport() {
        Cli.Run run = Cli.execute("list");

        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(Scenarios.list()).hasSize(8);
        for (Scenarios.BuiltIn b : Scenarios.list()) {
            assertThat(run.out()).as(run.all()).containsPattern("(?m)^" + b.number() + "\\s+" + b.name() + "\\s+"
                    + b.seeds() + "\\s+" + b.expected().id() + "\\s+" + java.util.regex.Pattern.quote(b.title()));
            assertThat(run.out()).contains(b.name() + ":buggy", b.name() + ":fixed");
        }
        assertThat(run.out()).contains("virtual-device-loop:fixed-faux");
    }

    @Test
    void runOfABuggyScenarioExitsOneWithTheReport() {
        Cli.Run run = Cli.execute("run", "drmm-sysfs");

        assertThat(run.exitCode()).as(run.all()).isEqualTo(1);
        assertThat(run.out()).contains("SANITIZER: EEXIST on re-registration: /sys/devices/vgpu0/tile0")
                .contains("should have: devm")
                .contains("drmm-sysfs:buggy: reports (1 report");
    }

    @Test
    void runOfAFixedScenarioExitsZero() {
        Cli.Run run = Cli.execute("run", "4:fixed");

        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(run.out()).contains("drmm-sysfs:fixed: clean (0 reports").doesNotContain("SANITIZER");
    }

    @Test
    void everyBuiltInExitsOneBuggyAndZeroFixed() {
        for (Scenarios.BuiltIn b : Scenarios.list()) {
            assertThat(Cli.execute("run", b.name() + ":buggy").exitCode()).as(b.name() + ":buggy").isEqualTo(1);
            assertThat(Cli.execute("run", b.name() + ":fixed").exitCode()).as(b.name() + ":fixed").isZero();
        }
    }

    @Test
    void runWithTraceAndSeedPrintsTheEventLogAndTheSeed() {
        Cli.Run run = Cli.execute("run", "devm-connector-state", "--trace", "--seed", "7");

        assertThat(run.exitCode()).as(run.all()).isEqualTo(1);
        assertThat(run.out()).containsSubsequence("WORLD seed 7", "BIND vgpu0 vgpu", "REL  vgpu0",
                "SANITIZER: software use-after-release: 'vgpu connector state'", "seed 7)");
        assertThat(Cli.execute("run", "devm-connector-state").out()).doesNotContain("BIND vgpu0 vgpu");
    }

    @Test
    void runJsonIsOneObjectWithTheReportKinds() {
        Cli.Run run = Cli.execute("run", "drmm-mmio", "--json");

        assertThat(run.exitCode()).as(run.all()).isEqualTo(1);
        String json = run.out().strip();
        assertThat(json).startsWith("{").endsWith("}").doesNotContain("\n")
                .contains("\"outcome\":\"REPORTS\"", "\"exitCode\":1", "\"kind\":\"use-after-unplug\"");
        assertThat(count(json, '{')).isEqualTo(count(json, '}'));
        assertThat(count(json, '[')).isEqualTo(count(json, ']'));
    }

    private static long count(String s, char c) {
        return s.chars().filter(x -> x == c).count();
    }

    @Test
    void aScriptFileRuns() throws IOException {
        Path file = dir.resolve("mine.scenario");
        Files.writeString(file, """
                scenario mine
                load vgpu
                plug vgpu0
                process p1 on-remove=never
                open p1 vgpu0 as f1
                unplug vgpu0
                ioctl p1 f1 read-reg
                expect errno ENODEV
                close p1 f1
                expect clean
                """);

        Cli.Run run = Cli.execute("run", file.toString());

        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(run.out()).contains("mine: clean (0 reports");
    }

    @Test
    void aMalformedScriptExitsTwoWithLineAndColumn() throws IOException {
        Path file = dir.resolve("bad.scenario");
        Files.writeString(file, "scenario bad\nload vgpu\nplug vgpu0\nopen p1 vgpu0 az f1\n");

        Cli.Run run = Cli.execute("run", file.toString());

        assertThat(run.exitCode()).as(run.all()).isEqualTo(2);
        assertThat(run.err()).contains(file + ":4:15:").contains("expected 'as' but found 'az'");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void aMalformedScriptWithJsonAlsoPrintsAJsonError() throws IOException {
        Path file = dir.resolve("bad.scenario");
        Files.writeString(file, "scenario bad\nplug vgpu0 \"x\"\n");

        Cli.Run run = Cli.execute("run", file.toString(), "--json");

        assertThat(run.exitCode()).as(run.all()).isEqualTo(2);
        String json = run.out().strip();
        assertThat(json).startsWith("{").endsWith("}").contains("\"outcome\":\"SCENARIO_ERROR\"", "\"exitCode\":2")
                .contains(file + ":2:");
        assertThat(run.err()).contains(file + ":2:");
    }

    @Test
    void anUnmetExpectationIsAScenarioError() throws IOException {
        Path file = dir.resolve("wrong.scenario");
        Files.writeString(file, "load vgpu\nplug vgpu0\nprocess p1\nopen p1 vgpu0 as f1\nioctl p1 f1 read-reg\n"
                + "expect errno ENODEV\n");

        Cli.Run run = Cli.execute("run", file.toString());

        assertThat(run.exitCode()).as(run.all()).isEqualTo(2);
        assertThat(run.out()).contains("EXPECTATION FAILED: line 6:");
    }

    @Test
    void anUnknownNameExitsTwoListingTheBuiltIns() {
        Cli.Run run = Cli.execute("run", "no-such-scenario");

        assertThat(run.exitCode()).as(run.all()).isEqualTo(2);
        assertThat(run.err()).contains("'no-such-scenario' is neither a built-in scenario nor a script file")
                .contains("drmm-mmio:buggy");
    }

    @Test
    void runWithoutAnArgumentIsAUsageError() {
        Cli.Run run = Cli.execute("run");

        assertThat(run.exitCode()).as(run.all()).isEqualTo(2);
        assertThat(run.err()).contains("Missing required parameter: 'FILE|NAME'");
    }

    @Test
    void tracePrintsTheFullEventLogThenTheVerdict() {
        Cli.Run run = Cli.execute("trace", "drmm-sysfs:fixed");

        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(run.out()).containsSubsequence("WORLD seed 1", "PLUG vgpu0", "ADD  vgpu0 #1", "BIND vgpu0 vgpu",
                "OPEN card0 file1", "UNBIND vgpu0 vgpu", "BIND vgpu0 vgpu", "CLOSE card0 file1", "FREE card0");
        String[] lines = run.out().strip().split("\n");
        assertThat(lines[lines.length - 1]).isEqualTo("drmm-sysfs:fixed: clean (0 reports, 9 steps, seed 1)");
        assertThat(run.out()).doesNotContain("SANITIZER");
    }

    @Test
    void traceOfABuggyScenarioExitsOneAndAnUnknownOneTwo() {
        assertThat(Cli.execute("trace", "final-free").exitCode()).isEqualTo(1);
        Cli.Run unknown = Cli.execute("trace", "nope");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("'nope' is neither a built-in scenario nor a script file");
    }
}
