package org.devres4j.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
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
final class TraceCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME|FILE", description = "a built-in name (see 'list') or a script file")
    String scenario;

    @Option(names = "--seed", paramLabel = "N", description = "the scheduler seed (default ${DEFAULT-VALUE})",
            defaultValue = "1")
    long seed;

    @Mixin
    HtmlOption html;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        ScenarioArgs.Resolved resolved = ScenarioArgs.resolveOrSay(scenario, spec.commandLine().getErr());
        if (resolved.scenario() == null) {
            return ScenarioArgs.SCENARIO_ERROR;
        }
        if (html.refused(resolved.scenario(), spec.commandLine().getErr())) {
            return ScenarioArgs.SCENARIO_ERROR;
        }
        RunResult result = ScenarioRunner.run(resolved.scenario(),
                new RunOptions(false, seed, e -> out.println(EventText.line(e))));
        out.println(result.verdict());
        out.flush();
        return html.writeThenExitCode(resolved.scenario(), result, seed, spec.commandLine().getErr());
    }
}
