package org.devres4j.cli;

import java.io.PrintWriter;
import org.devres4j.sim.RunResult;
import org.devres4j.sim.Scenario;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The frame {@code run} and {@code trace} share: resolve the {@code FILE|NAME} argument ({@link ScenarioArgs}),
 * check the {@code --html} options against it ({@link HtmlOption}), let the command run and print the
 * scenario, then write the page and give the exit code (0 clean, 1 sanitizer report, 2 scenario error).
 *
 * <p><b>Lifetime:</b> one per command instance, filled in by picocli; the world lives for one call.
 * <b>Order:</b> resolve, check the options, run and print, write the page; a step that fails ends the call
 * before anything later runs. <b>Concurrency:</b> on the calling thread.
 */
abstract class ScenarioCommand {

    @Spec
    CommandSpec spec;

    @Mixin
    HtmlOption html;

    /**
     * Called when the argument names no scenario, after the reason has been said on the error stream.
     *
     * @param out   the command's output
     * @param error the reason, for people
     */
    void unresolved(PrintWriter out, String error) {
    }

    /**
     * Runs the scenario and prints what the command prints of it.
     *
     * @param scenario the resolved scenario, its options checked
     * @param out      the command's output (flushed by the caller afterwards)
     * @return the run's result
     */
    abstract RunResult runAndPrint(Scenario scenario, PrintWriter out);

    /**
     * Resolves, checks, runs and prints the scenario, then writes the page.
     *
     * @param argument the {@code FILE|NAME} argument as given
     * @param seed     the scheduler seed of the run (for the page's other variant too)
     * @return the exit code
     */
    final int runScenario(String argument, long seed) {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ScenarioArgs.Resolved resolved = ScenarioArgs.resolveOrSay(argument, err);
        if (resolved.scenario() == null) {
            unresolved(out, resolved.error());
            return ScenarioArgs.SCENARIO_ERROR;
        }
        if (html.refused(resolved.scenario(), err)) {
            return ScenarioArgs.SCENARIO_ERROR;
        }
        RunResult result = runAndPrint(resolved.scenario(), out);
        out.flush();
        return html.writeThenExitCode(resolved.scenario(), result, seed, err);
    }
}
