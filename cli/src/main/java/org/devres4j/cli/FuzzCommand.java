package org.devres4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.devres4j.sim.FuzzOptions;
import org.devres4j.sim.FuzzProgress;
import org.devres4j.sim.FuzzResult;
import org.devres4j.sim.Fuzzer;
import org.devres4j.sim.RunOptions;
import org.devres4j.sim.RunResult;
import org.devres4j.sim.Scenario;
import org.devres4j.sim.ScenarioRunner;
import org.devres4j.sim.ScenarioScript;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code devres4j fuzz --seed S --steps N [--devices D] [--processes P] [--planted-bug NAME] [--save FILE]
 * [--html FILE]}: random
 * interleavings of plug, unplug, remove, rescan, unbind, bind (by match or by driver name), open (primary
 * or render node), ioctl (alone or racing an unplug, unbind or remove), workload, mmap, touch, close and
 * read against the vgpu driver, with the invariants checked after every step. Prints its seed first; a failure prints the
 * reports and a shrunk scenario script that reproduces it ({@code devres4j run FILE}). A progress
 * bar with an ETA goes to the error stream for long runs on a terminal. {@code --html FILE} draws the shrunk
 * script's run as a {@link TimelineHtml} page. Memory stays bounded whatever
 * the step count (the run keeps a window of its log). Exit code 0 every invariant held, 1 a failure,
 * 2 bad options or a {@code --save} or {@code --html} file that cannot be written.
 *
 * <p><b>Lifetime:</b> the fuzzer's worlds live for one call. <b>Order:</b> the seed fixes every choice:
 * the same options give the same run. <b>Concurrency:</b> on the calling thread.
 */
@Command(name = "fuzz", description = {"Fuzz the vgpu driver with a seed; a failure is shrunk to a script.",
        "Random plug/unplug/remove/rescan/unbind/bind/open/ioctl (racing removals)/workload/mmap/touch/"
        + "close/read interleavings, invariants checked after every step. Prints its seed; on a failure, prints the "
        + "reports and a shrunk scenario script that reproduces it.",
        "Exit codes: 0 every invariant held, 1 an invariant broke or the sanitizer reported, 2 bad options or an "
                + "unwritable --save or --html file."})
final class FuzzCommand implements Callable<Integer> {

    /** Runs at least this long get a progress bar without {@code --progress}, on a terminal. */
    static final int AUTO_PROGRESS_STEPS = 5_000;

    @Spec
    CommandSpec spec;

    @Option(names = "--seed", paramLabel = "S", description = "the seed; the same seed replays the same run "
            + "(default: a fresh one, printed)")
    Long seed;

    @Option(names = "--steps", paramLabel = "N", defaultValue = "1000", description = "random steps (default ${DEFAULT-VALUE})")
    int steps;

    @Option(names = "--devices", paramLabel = "D", defaultValue = "2", description = "device slots, 1 to 8 (default ${DEFAULT-VALUE})")
    int devices;

    @Option(names = "--processes", paramLabel = "P", defaultValue = "3", description = "userspace processes, 1 to 8 "
            + "(default ${DEFAULT-VALUE})")
    int processes;

    @Option(names = "--planted-bug", paramLabel = "NAME", description = "fuzz a vgpu with this bug built in: "
            + "devm-connector-state (connector state on devm instead of drmm), drmm-sysfs (sysfs entry removed "
            + "by drmm: EEXIST on rebind), drmm-mmio (MMIO mapping on drmm: touched after unplug), unguarded "
            + "(register ioctls without enter/exit)")
    String plantedBug;

    @Option(names = "--progress", negatable = true, description = "draw a progress bar with an ETA on stderr "
            + "(default: only on a terminal, for runs of " + AUTO_PROGRESS_STEPS + " steps or more)")
    Boolean progress;

    @Option(names = "--json", description = "print the result as one JSON object (with the kept window of the "
            + "event log, as objects)")
    boolean json;

    @Option(names = "--save", paramLabel = "FILE", description = "on a failure, also write the shrunk script to "
            + "FILE (replay it with: devres4j run FILE); exit code 2 if it cannot be written")
    Path save;

    @Option(names = "--html", paramLabel = "FILE", description = "on a failure, also write the timeline of the "
            + "shrunk script's run to FILE (the page of 'devres4j run FILE --html'); exit code 2 if it cannot be written")
    Path html;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<String> plantable = FuzzOptions.plantableBugNames();
        if (plantedBug != null && !plantable.contains(plantedBug)) {
            err.println("devres4j fuzz: unknown --planted-bug " + Main.quote(plantedBug) + ": the fuzzer can plant "
                    + plantable);
            err.flush();
            return ScenarioArgs.SCENARIO_ERROR;
        }
        long s = seed != null ? seed : System.nanoTime() & 0xFFFF_FFFFL;
        FuzzOptions options;
        try {
            options = new FuzzOptions(s, steps, devices, processes,
                    plantedBug == null ? Optional.empty() : FuzzOptions.bugNamed(plantedBug));
        } catch (IllegalArgumentException e) {
            err.println("devres4j " + e.getMessage());
            err.flush();
            return ScenarioArgs.SCENARIO_ERROR;
        }
        if (!json) {
            out.println("fuzz: seed " + s + ", " + steps + " steps, " + devices + " devices, " + processes
                    + " processes, vgpu " + (plantedBug == null ? "fixed" : "with planted bug " + plantedBug)
                    + " (replay: " + options.replayCommand() + ")");
            out.flush();
        }
        ProgressBar pb = ProgressBar.wanted(progress, steps, System.console() != null)
                ? new ProgressBar(err, System::nanoTime) : null;
        FuzzResult result = Fuzzer.run(options, pb == null ? FuzzProgress.NONE : pb);
        if (pb != null) {
            pb.finish();
        }
        if (json) {
            out.println(result.toJson());
        } else {
            String text = result.toText();
            out.print(text);
            if (!text.endsWith("\n")) {
                out.println();
            }
            if (result.passed()) {
                out.printf("fuzz: %d steps in %d ms (%.0f steps/s)%n", result.stepsRun(), result.elapsedMillis(),
                        result.stepsPerSecond());
            }
        }
        out.flush();
        if (result.passed()) {
            if (html != null) {
                err.println("devres4j fuzz: no HTML timeline written to " + Main.quotePath(html.toString())
                        + ": every invariant held (the page shows the shrunk script of a failure)");
                err.flush();
            }
            return 0;
        }
        int saved = save(result, out, err);
        int drawn = html(result, err);
        return Math.max(saved, drawn);
    }

    /** Draws the shrunk script's run if asked: exit code 1 (the failure), or 2 if the page cannot be written. */
    private int html(FuzzResult result, PrintWriter err) {
        if (html == null) {
            return 1;
        }
        if (result.shrunkScript() == null) {
            return notShrunk("no HTML timeline", html, err);
        }
        Scenario shrunk = ScenarioScript.parse(result.shrunkScript(), "fuzz-seed-" + result.seed() + "-shrunk");
        RunResult run = ScenarioRunner.run(shrunk, new RunOptions(false, result.seed()));
        return TimelineHtml.writeIfAsked(run.scenario() + " (the shrunk script)", TimelineHtml.render(run), html, err)
                ? 1 : ScenarioArgs.SCENARIO_ERROR;
    }

    /** Says that a failure beyond the shrinker's reach leaves {@code file} unwritten: still exit code 1. */
    private static int notShrunk(String what, Path file, PrintWriter err) {
        err.println("devres4j fuzz: " + what + " written to " + Main.quotePath(file.toString())
                + ": the failure was not shrunk (replay it with the line above)");
        err.flush();
        return 1;
    }

    /** Writes the shrunk script if asked; a file that cannot be written is exit code 2, as for --html. */
    private int save(FuzzResult result, PrintWriter out, PrintWriter err) {
        if (save == null) {
            return 1;
        }
        if (result.shrunkScript() == null) {
            return notShrunk("nothing", save, err);
        }
        try {
            Files.writeString(save, result.shrunkScript());
            out.println("fuzz: shrunk script written to " + save + " (replay: devres4j run " + save + ")");
            out.flush();
            return 1;
        } catch (IOException | RuntimeException e) {
            err.println("devres4j fuzz: cannot write the shrunk script to " + Main.quotePath(save.toString()) + ": "
                    + Main.oneLine(e));
            err.flush();
            return ScenarioArgs.SCENARIO_ERROR;
        }
    }
}
