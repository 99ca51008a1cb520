package org.devres4j.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Runs a {@link Scenario} in a fresh simulated world and returns what the sanitizer found.
 *
 * <p>Each step runs in order; after the last one the world shuts down (every process exits, every
 * device is unplugged, every driver unloaded) and the leak checks run. An {@code expect} step is
 * checked where it stands ({@link Expectation}): {@code ok}, {@code errno}, {@code value}, {@code text}
 * and {@code released} at once (about the previous step), {@code device} and {@code node} at once (about
 * the world now); {@code report} and {@code clean} before the next step runs, or — after the
 * last step — after the world shutdown, so trailing ones also cover the leak checks. A step that cannot
 * run as written (an unknown device, a file never opened, an unknown driver variant) stops the run
 * with a scenario error naming its line. Every step records its own result ({@code ok} unless its own
 * call returned an errno, a value or a fault), so an {@code expect ok} after a close checks the close.
 *
 * <p><b>Lifetime:</b> every run builds its own world and tears it down; nothing is kept between runs.
 * Memory is bounded by what the run keeps alive, not by its length: the result keeps a window of the
 * event log ({@link RunOptions#HEAD_EVENTS}, {@link RunOptions#TAIL_EVENTS}). <b>Order:</b>
 * deterministic: the same scenario with the same seed produces the same event log. <b>Concurrency:</b>
 * runs happen on the calling thread; separate runs may go on separate threads.
 */
public final class ScenarioRunner {

    private ScenarioRunner() {
    }

    /**
     * Runs a scenario.
     *
     * @param scenario the scenario
     * @param options  trace, seed and listener (the scenario's own {@code seed} line wins over the option)
     * @return the result; never throws for a scenario that fails, only for null arguments
     */
    public static RunResult run(Scenario scenario, RunOptions options) {
        Objects.requireNonNull(scenario, "ScenarioRunner.run: the scenario must not be null");
        Objects.requireNonNull(options, "ScenarioRunner.run: the options must not be null");
        long seed = scenario.seed() != null ? scenario.seed() : options.seed();
        EventLog log = new EventLog(RunOptions.HEAD_EVENTS, RunOptions.TAIL_EVENTS, options.listener());
        List<String> failed = new ArrayList<>();
        List<Step> pending = new ArrayList<>();
        String error = null;
        try (World world = new World(seed, scenario.policy(), log)) {
            for (Step step : scenario.steps()) {
                if (step.verb().isExpectation()) {
                    log.world("EXPECT", step.toScript().substring("expect ".length()),
                            step.line() > 0 ? "line " + step.line() : "");
                    pending.add(step);
                    if (step.verb().isCheckedAtOnce()) {
                        check(pending, world, false, failed);   // about the previous step, or the world now
                    }
                    continue;
                }
                check(pending, world, false, failed);
                try {
                    world.execute(step);
                } catch (ScenarioStepException e) {
                    error = Expectation.where(step) + e.getMessage();
                    log.world("ERROR", error, "");
                    break;
                } catch (RuntimeException e) {
                    Sanitizer.rethrowJvmFailure(e);
                    world.sanitizer.examine(e);
                    error = Expectation.where(step) + "the step failed unexpectedly: " + Sanitizer.firstLine(e);
                    log.world("ERROR", error, "");
                    break;
                }
            }
            try {
                world.shutdown();
            } catch (RuntimeException e) {
                world.sanitizer.examine(e);
                if (error == null) {
                    error = "world shutdown failed: " + Sanitizer.firstLine(e);
                }
            }
            check(pending, world, true, failed);
            return new RunResult(scenario.name(), seed, world.reports(), world.sanitizer.reportsDropped(), failed, error,
                    log.events(), log.dropped(), options.trace(), world.steps());
        }
    }

    /** Checks the expectations that stand here, and forgets them. */
    private static void check(List<Step> pending, World world, boolean afterShutdown, List<String> failed) {
        Expectation.Context c = new Expectation.Context() {
            @Override
            public CallResult last() {
                return world.userspace().last();
            }

            @Override
            public List<Report> reports() {
                return world.reports();
            }

            @Override
            public boolean afterShutdown() {
                return afterShutdown;
            }

            @Override
            public StepReleases releases() {
                return world.releases;
            }

            @Override
            public Queries queries() {
                return new Queries(world);
            }
        };
        for (Step s : pending) {
            String f = s.verb().check(s, c);
            if (f != null) {
                failed.add(f);
            }
        }
        pending.clear();
    }
}
