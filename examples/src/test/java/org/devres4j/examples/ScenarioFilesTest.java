package org.devres4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.devres4j.sim.Outcome;
import org.devres4j.sim.ReportKind;
import org.devres4j.sim.RunOptions;
import org.devres4j.sim.RunResult;
import org.devres4j.sim.ScenarioRunner;
import org.devres4j.sim.ScenarioScript;
import org.junit.jupiter.api.Test;

/**
 * The scenario files under examples/scenarios/ — the ones the README names — run through the
 * simulator's public scenario API. This class is the one place that depends on that API.
 */
class ScenarioFilesTest {

    static final Path DIR = Path.of("scenarios");

    static RunResult run(String file) throws IOException {
        Path path = DIR.resolve(file);
        return ScenarioRunner.run(ScenarioScript.parse(Files.readString(path), path.toString()), new RunOptions(false, 1));
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
}
