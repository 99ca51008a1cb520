package org.devres4j.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.devres4j.sim.EventText;
import org.devres4j.sim.RunOptions;
import org.devres4j.sim.RunResult;
import org.devres4j.sim.Scenario;
import org.devres4j.sim.ScenarioRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code devres4j trace NAME|FILE [--seed N] [--html FILE [--compare]]}: the full event log of a scenario run — every plug,
 * bind, unbind, devres/drmm ADD/REL/DEL, uevent and userspace call, in order, one line each, printed as
 * it happens (so a run of any length streams) — then the one-line verdict; with {@code --html FILE} also the same run as an HTML timeline ({@link TimelineHtml}). Exit codes
 * as for {@code run}.
 *
 * <p><b>Lifetime:</b> the world lives for one call. <b>Order:</b> the events in the order they
 * happened; deterministic for a given seed. <b>Concurrency:</b> on the calling thread.
 */
@Command(name = "trace", description = {"Print the full event log of a scenario run (a built-in NAME or a script "
        + "FILE), then its verdict.", "Exit codes as for run: 0 clean, 1 sanitizer report, 2 scenario error."})
final class TraceCommand extends ScenarioCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "NAME|FILE", description = "a built-in name (see 'list') or a script file")
    String scenario;

    @Option(names = "--seed", paramLabel = "N", description = "the scheduler seed (default ${DEFAULT-VALUE})",
            defaultValue = "1")
    long seed;

    @Override
    public Integer call() {
        return runScenario(scenario, seed);
    }

    /** Streams every event as it happens, then prints the verdict. */
    @Override
    RunResult runAndPrint(Scenario chosen, PrintWriter out) {
        RunResult result = ScenarioRunner.run(chosen, new RunOptions(false, seed, e -> out.println(EventText.line(e))));
        out.println(result.verdict());
        return result;
    }
}
