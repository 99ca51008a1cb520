package org.devres4j.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Runs a {@link Scenario} in a fresh simulated world and returns what the sanitizer found.
 *
 * <p>Each step runs in order; after the last one the world shuts down (every process exits, every
 * device is unplugged, every driver unloaded) and the leak checks run. {@code expect ok},
 * {@code expect errno E} and {@code expect value V} check the previous step's result at once;
 * {@code expect report KIND} and {@code expect clean} are checked at the end, after the shutdown
 * checks. A step that cannot run as written (an unknown device, a file never opened, an unknown
 * driver variant) stops the run with a scenario error naming its line.
 *
 * <p><b>Lifetime:</b> every run builds its own world and tears it down; nothing is kept between runs.
 * <b>Order:</b> deterministic: the same scenario with the same seed produces the same event log.
 * <b>Concurrency:</b> runs happen on the calling thread; separate runs may go on separate threads.
 */
public final class ScenarioRunner {

    private ScenarioRunner() {
    }

    /**
     * Runs a scenario.
     *
     * @param scenario the scenario
     * @param options  trace and seed (the scenario's own {@code seed} line wins over the option)
     * @return the result; never throws for a scenario that fails, only for null arguments
     */
    public static RunResult run(Scenario scenario, RunOptions options) {
        Objects.requireNonNull(scenario, "ScenarioRunner.run: the scenario must not be null");
        Objects.requireNonNull(options, "ScenarioRunner.run: the options must not be null");
        long seed = scenario.seed() != null ? scenario.seed() : options.seed();
        List<String> failed = new ArrayList<>();
        List<Step> endChecks = new ArrayList<>();
        String error = null;
        World world = new World(seed, scenario.policy());
        try {
            for (Step step : scenario.steps()) {
                if (step.verb().equals("expect")) {
                    world.log.add("EXPECT " + step.toScript().substring("expect ".length()) + " (line " + step.line() + ")");
                    String kind = step.arg(0);
                    if (kind.equals("report") || kind.equals("clean")) {
                        endChecks.add(step);
                    } else {
                        checkResult(step, world.last(), failed);
                    }
                    continue;
                }
                try {
                    world.execute(step);
                } catch (World.StepException e) {
                    error = where(step) + e.getMessage();
                    world.log.add("SCENARIO ERROR " + error);
                    break;
                } catch (RuntimeException e) {
                    world.examine(e);
                    error = where(step) + "the step failed unexpectedly: " + World.firstLine(e);
                    world.log.add("SCENARIO ERROR " + error);
                    break;
                }
            }
            try {
                world.shutdown();
            } catch (RuntimeException e) {
                world.examine(e);
                if (error == null) {
                    error = "world shutdown failed: " + World.firstLine(e);
                }
            }
            for (Step step : endChecks) {
                if (step.arg(0).equals("report")) {
                    ReportKind k = ReportKind.byId(step.arg(1));
                    if (world.reports().stream().noneMatch(r -> r.kind() == k)) {
                        failed.add(where(step) + "expected a " + k.id() + " report, the sanitizer made "
                                + (world.reports().isEmpty() ? "none" : kinds(world.reports())));
                    }
                }
            }
            return new RunResult(scenario.name(), seed, world.reports(), failed, error, world.log.lines(),
                    options.trace(), world.steps());
        } finally {
            world.close();
        }
    }

    private static String kinds(List<Report> reports) {
        return String.join(", ", reports.stream().map(r -> r.kind().id()).distinct().toList());
    }

    private static String where(Step step) {
        return step.line() > 0 ? "line " + step.line() + ": " : "";
    }

    private static void checkResult(Step step, String last, List<String> failed) {
        String want = step.arg(0);
        boolean ok = switch (want) {
            case "ok" -> last.equals("ok") || last.startsWith("ok:");
            case "errno" -> last.equals(step.arg(1));
            case "value" -> last.equals("ok:" + step.arg(1));
            default -> false;
        };
        if (!ok) {
            failed.add(where(step) + step.toScript() + " — the previous step returned " + last);
        }
    }
}
