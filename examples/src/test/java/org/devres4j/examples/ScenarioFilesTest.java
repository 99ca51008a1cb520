package org.devres4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.devres4j.sim.EventText;

import org.devres4j.sim.Outcome;
import org.devres4j.sim.ReportKind;
import org.devres4j.sim.RunOptions;
import org.devres4j.sim.RunResult;
import org.devres4j.sim.ScenarioRunner;
import org.devres4j.sim.ScenarioScript;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The scenario files under examples/scenarios/ — the ones the README names — run through the
 * simulator's public scenario API. This class is the one place that depends on that API.
 *
 * <p>The IGT-style hot-unplug sequences under {@code hotunplug/} run on the fixed vgpu (clean under every
 * seed tried: the workload and the races interleave by the seed) and on every buggy variant, where an
 * {@code expect} line of the file must fail for the bug's own reason. Seeds are printed on failure;
 * {@code -Ddevres4j.seed=N} adds one.
 */
class ScenarioFilesTest {

    static final Path DIR = Path.of("scenarios");

    static final Path HOTUNPLUG = DIR.resolve("hotunplug");
    /** The vgpu variants with one bug each. */
    static final List<String> BUGGY = List.of("devm-connector-state", "drmm-mmio", "drmm-sysfs", "unguarded");

    static RunResult run(String file) throws IOException {
        Path path = DIR.resolve(file);
        return ScenarioRunner.run(ScenarioScript.parse(Files.readString(path), path.toString()), new RunOptions(false, 1));
    }

    /** @return the script of a hot-unplug file, its driver loaded as {@code variant} ({@code fixed}: unchanged) */
    static String hotunplug(String file, String variant) throws IOException {
        String text = Files.readString(HOTUNPLUG.resolve(file));
        assertThat(text).as(file + " loads the vgpu exactly once").containsOnlyOnce("\nload vgpu\n");
        return variant.equals("fixed") ? text : text.replace("\nload vgpu\n", "\nload vgpu variant=" + variant + "\n");
    }

    static RunResult runHotunplug(String file, String variant, long seed, boolean trace) throws IOException {
        return ScenarioRunner.run(ScenarioScript.parse(hotunplug(file, variant), file + " (" + variant + ")"),
                new RunOptions(trace, seed));
    }

    static List<String> hotunplugFiles() throws IOException {
        try (Stream<Path> s = Files.list(HOTUNPLUG)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".scenario")).sorted().toList();
        }
    }

    static List<Long> seeds() {
        List<Long> out = new ArrayList<>(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L));
        Long extra = Long.getLong("devres4j.seed");
        if (extra != null) {
            out.add(extra);
        }
        return out;
    }

    @Test
    void unplugWhileOpenRunsCleanAndIsTheReadmesExample() throws IOException {
        RunResult r = run("unplug-while-open.scenario");
        assertThat(r.outcome()).as(r.toText()).isEqualTo(Outcome.CLEAN);
        String readme = Files.readString(Path.of("..", "README.md"));
        assertThat(readme).as("the README shows this file verbatim")
                .contains("```\n" + Files.readString(DIR.resolve("unplug-while-open.scenario")) + "```");
    }

    @Test
    void theDevmConnectorStateVariantReportsAUseAfterRelease() throws IOException {
        RunResult r = run("unplug-while-open-devm-connector-state.scenario");
        assertThat(r.outcome()).as(r.toText()).isEqualTo(Outcome.REPORTS);
        assertThat(r.has(ReportKind.USE_AFTER_RELEASE)).isTrue();
        assertThat(r.failedExpectations()).isEmpty();
    }

    @Test
    void reprobeWithAFileOpenIsCleanOnTheFixedDriver() throws IOException {
        RunResult r = run("reprobe-with-file-open.scenario");
        assertThat(r.outcome()).as(r.toText()).isEqualTo(Outcome.CLEAN);
    }

    @Test
    void reprobeWithSysfsOnDrmmHitsEexist() throws IOException {
        RunResult r = run("reprobe-with-file-open-drmm-sysfs.scenario");
        assertThat(r.outcome()).as(r.toText()).isEqualTo(Outcome.REPORTS);
        assertThat(r.has(ReportKind.EEXIST)).isTrue();
        assertThat(r.failedExpectations()).isEmpty();
    }

    @Test
    void everyScenarioFileIsCoveredAndNamedInTheReadme() throws IOException {
        List<String> files;
        try (Stream<Path> s = Files.list(DIR)) {
            files = s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".scenario")).sorted().toList();
        }
        assertThat(files).containsExactly("reprobe-with-file-open-drmm-sysfs.scenario", "reprobe-with-file-open.scenario",
                "unplug-while-open-devm-connector-state.scenario", "unplug-while-open.scenario");
        String readme = Files.readString(Path.of("..", "README.md"));
        assertThat(files).allSatisfy(f -> assertThat(readme).contains("examples/scenarios/" + f));
    }

    @Test
    void theHotUnplugSequencesAreEachIgtSequenceWithAndWithoutAWorkload() throws IOException {
        List<String> expected = new ArrayList<>();
        for (String base : List.of("hotrebind-lateclose", "hotremove-rescan", "hotreplug-lateclose", "hotunbind-rebind",
                "remove-rescan", "unbind-rebind")) {
            expected.add(base + "-workload.scenario");
            expected.add(base + ".scenario");
        }
        assertThat(hotunplugFiles()).containsExactlyInAnyOrderElementsOf(expected);
        String readme = Files.readString(Path.of("..", "README.md"));
        assertThat(hotunplugFiles()).allSatisfy(f -> assertThat(readme).contains("examples/scenarios/hotunplug/" + f));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hotunplugFiles")
    void aHotUnplugSequenceIsCleanOnTheFixedDriverUnderEverySeed(String file) throws IOException {
        for (long seed : seeds()) {
            RunResult r = runHotunplug(file, "fixed", seed, false);
            assertThat(r.outcome()).as(file + " seed " + seed + "\n" + r.toText()).isEqualTo(Outcome.CLEAN);
            assertThat(r.failedExpectations()).as(file + " seed " + seed).isEmpty();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hotunplugFiles")
    void aHotUnplugSequenceFailsOnEveryBuggyVariantForThatBugsReason(String file) throws IOException {
        boolean oldInstanceAliveAtRebind = file.contains("lateclose") || file.contains("workload");
        for (String variant : BUGGY) {
            RunResult r = runHotunplug(file, variant, 1, false);
            List<String> failed = r.failedExpectations();
            String why = file + " on " + variant + "\n" + r.toText();
            assertThat(r.outcome()).as(why).isNotEqualTo(Outcome.CLEAN);
            switch (variant) {
                case "devm-connector-state" -> {
                    // the connector state went with the devres list; the last put's destroy hook reads it
                    assertThat(r.has(ReportKind.USE_AFTER_RELEASE)).as(why).isTrue();
                    assertThat(failed).as(why).anyMatch(f -> f.contains("expect released card0 ")
                            && f.contains("no release of 'vgpu connector state'"));
                }
                // the MMIO mapping went with the DRM device's drmm list, not the device's devres list
                case "drmm-mmio" -> assertThat(failed).as(why).anyMatch(f -> f.contains("expect released vgpu0 ")
                        && f.contains("no release of 'iounmap vgpu0:bar0'"));
                case "drmm-sysfs" -> {
                    // the sysfs tile went with the drmm list: it outlives the unbind
                    assertThat(failed).as(why).anyMatch(f -> f.contains("expect released vgpu0 ")
                            && f.contains("no release of 'sysfs remove tile0'"));
                    // and while the old instance lives, the new instance's probe hits EEXIST
                    assertThat(r.has(ReportKind.EEXIST)).as(why).isEqualTo(oldInstanceAliveAtRebind);
                }
                case "unguarded" -> {
                    assertThat(r.has(ReportKind.UNGUARDED_ACCESS)).as(why).isTrue();
                    assertThat(failed).as(why).anyMatch(f -> f.contains("expected clean")
                            && f.contains("unguarded-access"));
                }
                default -> throw new IllegalStateException(variant);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hotunplugFiles")
    void aWorkloadRacesTheRemovalBothWaysAcrossSeedsAndReplaysExactly(String file) throws IOException {
        if (!file.contains("workload")) {
            return;
        }
        Set<String> landings = new TreeSet<>();
        for (long seed : seeds()) {
            RunResult once = runHotunplug(file, "fixed", seed, true);
            List<String> first = raceLines(once);
            assertThat(first).as(file + " seed " + seed + ": the removal races the workload's call").isNotEmpty();
            assertThat(runHotunplug(file, "fixed", seed, true).toText()).as(file + " seed " + seed + " replays exactly")
                    .isEqualTo(once.toText());
            first.forEach(l -> landings.add(l.contains("before the call begins") ? "before" : "in flight"));
        }
        assertThat(landings).as(file + ": over the seeds the removal lands both before and during the call")
                .containsExactly("before", "in flight");
    }

    private static List<String> raceLines(RunResult r) {
        return r.events().stream().filter(e -> e.verb().equals("RACE")).map(EventText::line).toList();
    }
}
