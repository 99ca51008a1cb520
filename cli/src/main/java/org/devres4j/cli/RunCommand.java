package org.devres4j.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.devres4j.sim.EventListener;
import org.devres4j.sim.EventText;
import org.devres4j.sim.RunOptions;
import org.devres4j.sim.RunResult;
import org.devres4j.sim.ScenarioRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code devres4j run FILE|NAME [--trace] [--json] [--seed N] [--html FILE [--compare]]}: runs one scenario in a fresh simulated
 * world and prints the sanitizer's reports. Exit code 0 clean, 1 sanitizer report, 2 scenario error
 * (unreadable or malformed script — with line:column —, a step that cannot run, an unmet expectation, or an
 * {@code --html} file that cannot be written, a {@code --compare} without {@code --html} or of a script file;
 * {@link TimelineHtml} renders the page).
 *
 * <p><b>Lifetime:</b> the world lives for one call. <b>Order:</b> deterministic for a given seed.
 * <b>Concurrency:</b> on the calling thread.
 */
@Command(name = "run", description = {"Run a scenario (a built-in NAME, see 'list', or a script FILE) under the "
        + "sanitizer and print its reports.",
        "Exit codes: 0 clean, 1 sanitizer report, 2 scenario error (bad script with line:column, a step that "
                + "cannot run, an unmet expectation)."})
final class RunCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE|NAME", description = "a script file, or a built-in name such as "
            + "drmm-mmio, drmm-mmio:fixed, 2 or 2:fixed (a bare name is the buggy variant)")
    String scenario;

    @Option(names = "--trace", description = "print the full event log before the reports (as it happens; with "
            + "--json, the kept window of it as objects)")
    boolean trace;

    @Option(names = "--json", description = "print the result as one JSON object")
    boolean json;

    @Option(names = "--seed", paramLabel = "N", description = "the scheduler seed (default ${DEFAULT-VALUE}); "
            + "a script's own 'seed' line wins", defaultValue = "1")
    long seed;

    @Mixin
    HtmlOption html;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        ScenarioArgs.Resolved resolved = ScenarioArgs.resolveOrSay(scenario, spec.commandLine().getErr());
        if (resolved.scenario() == null) {
            if (json) {
                out.println(RunResult.notRun(scenario, resolved.error()).toJson());
                out.flush();
            }
            return ScenarioArgs.SCENARIO_ERROR;
        }
        if (html.refused(resolved.scenario(), spec.commandLine().getErr())) {
            return ScenarioArgs.SCENARIO_ERROR;
        }
        // text with --trace streams every event as it happens (a run of any length); JSON keeps the window
        boolean stream = trace && !json;
        RunOptions options = new RunOptions(trace && json, seed,
                stream ? e -> out.println(EventText.line(e)) : EventListener.NONE);
        RunResult result = ScenarioRunner.run(resolved.scenario(), options);
        if (json) {
            out.println(result.toJson());
        } else {
            if (stream) {
                out.println();
            }
            out.print(result.toText());
        }
        out.flush();
        return html.writeThenExitCode(resolved.scenario(), result, seed, spec.commandLine().getErr());
    }
}
