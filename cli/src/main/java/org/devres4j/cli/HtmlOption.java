package org.devres4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import org.devres4j.sim.RunResult;
import picocli.CommandLine.Option;

/**
 * The {@code --html FILE} option shared by {@code run} and {@code trace} (a picocli mixin): where to write
 * the run as a {@link TimelineHtml} page, if anywhere.
 *
 * <p><b>Lifetime:</b> one per command instance, filled in by picocli. <b>Order / concurrency:</b> on the
 * calling thread, after the run.
 */
final class HtmlOption {

    @Option(names = "--html", paramLabel = "FILE", description = "also write the run as one self-contained HTML "
            + "timeline page (events per owner lane, sanitizer reports in place) to FILE")
    Path file;

    /**
     * Writes the page if one was asked for ({@link TimelineHtml#writeIfAsked}) and picks the exit code.
     *
     * @param result the run
     * @param err    the command's error stream
     * @return the run's exit code, or {@link ScenarioArgs#SCENARIO_ERROR} if the page could not be written
     */
    int writeThenExitCode(RunResult result, PrintWriter err) {
        if (!TimelineHtml.writeIfAsked(result, file, err)) {
            return ScenarioArgs.SCENARIO_ERROR;
        }
        return result.outcome().exitCode();
    }
}
