package org.devres4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.devres4j.sim.RunOptions;
import org.devres4j.sim.RunResult;
import org.devres4j.sim.Scenario;
import org.devres4j.sim.ScenarioRunner;
import org.devres4j.sim.Scenarios;
import picocli.CommandLine.Option;

/**
 * The {@code --html FILE [--compare]} options shared by {@code run} and {@code trace} (a picocli mixin): where
 * to write the run as a {@link TimelineHtml} page, if anywhere, and whether that page also draws the built-in
 * scenario's other variant — its buggy and its fixed run on one axis, buggy above.
 *
 * <p><b>Lifetime:</b> one per command instance, filled in by picocli. <b>Order:</b> {@link #refused} before
 * the run, {@link #writeThenExitCode} after it. <b>Concurrency:</b> on the calling thread.
 */
final class HtmlOption {

    @Option(names = "--html", paramLabel = "FILE", description = "also write the run as one self-contained HTML "
            + "page to FILE: a bar per resource lifetime on a step axis, grouped by owner, each sanitizer report a "
            + "red cross on its bar, the full event log below")
    Path file;

    @Option(names = "--compare", description = "with --html and a built-in scenario: draw its buggy and its fixed "
            + "variant on the same axis, one above the other (what the command prints and its exit code stay those "
            + "of the scenario given)")
    boolean compare;

    /**
     * Checks the options against the scenario before anything runs, and says on {@code err} why they cannot
     * be honoured ({@code devres4j: ...}) if they cannot.
     *
     * @param scenario the resolved scenario
     * @param err      the command's error stream
     * @return whether they are refused (exit code 2, nothing runs)
     */
    boolean refused(Scenario scenario, PrintWriter err) {
        String why = refusal(scenario);
        if (why != null) {
            err.println("devres4j: " + why);
            err.flush();
        }
        return why != null;
    }

    /**
     * @param scenario the resolved scenario
     * @return why the options cannot be honoured, or null
     */
    String refusal(Scenario scenario) {
        if (!compare) {
            return null;
        }
        if (file == null) {
            return "--compare draws both variants on the --html page: give --html FILE too";
        }
        if (pairOf(scenario).isEmpty()) {
            return "--compare needs a built-in scenario with a buggy and a fixed variant; " + Main.quotePath(scenario.name())
                    + " is not one (built-ins: " + String.join(", ", Scenarios.list().stream().map(Scenarios.BuiltIn::name)
                    .toList()) + ")";
        }
        return null;
    }

    /**
     * Writes the page if one was asked for and picks the exit code. With {@code --compare}, the other variant
     * runs first, with the same seed, only for the page.
     *
     * @param scenario the scenario that ran
     * @param result   its run
     * @param seed     the seed it ran with
     * @param err      the command's error stream
     * @return the run's exit code, or {@link ScenarioArgs#SCENARIO_ERROR} if the page could not be written
     */
    int writeThenExitCode(Scenario scenario, RunResult result, long seed, PrintWriter err) {
        if (file == null) {
            return result.outcome().exitCode();
        }
        String what = result.scenario();
        String page;
        if (compare) {
            Scenarios.BuiltIn pair = pairOf(scenario).orElseThrow();
            boolean given = scenario.name().equals(pair.buggy().name());
            Scenario other = given ? pair.fixed().get(0) : pair.buggy();
            RunResult otherRun = ScenarioRunner.run(other, new RunOptions(false, seed));
            RunResult buggy = given ? result : otherRun;
            RunResult fixed = given ? otherRun : result;
            what = buggy.scenario() + " and " + fixed.scenario();
            page = TimelineHtml.render(pair.name() + ": buggy and fixed",
                    List.of(RunTimeline.of(buggy), RunTimeline.of(fixed)));
        } else {
            page = TimelineHtml.render(result);
        }
        if (!TimelineHtml.writeIfAsked(what, page, file, err)) {
            return ScenarioArgs.SCENARIO_ERROR;
        }
        return result.outcome().exitCode();
    }

    /** @return the built-in pair a scenario is a variant of, or empty for a script file */
    private static Optional<Scenarios.BuiltIn> pairOf(Scenario scenario) {
        String name = scenario.name();
        int colon = name.indexOf(':');
        if (colon < 0) {
            return Optional.empty();
        }
        Optional<Scenarios.BuiltIn> pair = Scenarios.pair(name.substring(0, colon));
        return pair.filter(p -> p.buggy().name().equals(name) || p.fixed().stream().anyMatch(f -> f.name().equals(name)));
    }
}
