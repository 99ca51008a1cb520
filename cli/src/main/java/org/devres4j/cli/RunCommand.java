package org.devres4j.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.devres4j.sim.EventListener;
import org.devres4j.sim.EventText;
import org.devres4j.sim.RunOptions;
import org.devres4j.sim.RunResult;
import org.devres4j.sim.Scenario;
import org.devres4j.sim.ScenarioRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

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
final class RunCommand extends ScenarioCommand implements Callable<Integer> {

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

    @Override
    public Integer call() {
        return runScenario(scenario, seed);
    }

    /** With {@code --json}, the run that did not happen is still one JSON object. */
    @Override
    void unresolved(PrintWriter out, String error) {
        if (json) {
            out.println(RunResult.notRun(scenario, error).toJson());
            out.flush();
        }
    }

    @Override
    RunResult runAndPrint(Scenario chosen, PrintWriter out) {
        // text with --trace streams every event as it happens (a run of any length); JSON keeps the window
        boolean stream = trace && !json;
        RunOptions options = new RunOptions(trace && json, seed,
                stream ? e -> out.println(EventText.line(e)) : EventListener.NONE);
        RunResult result = ScenarioRunner.run(chosen, options);
        if (json) {
            out.println(result.toJson());
        } else {
            if (stream) {
                out.println();
            }
            out.print(result.toText());
        }
        return result;
    }
}
