package org.devres4j.sim;

import java.util.List;
import java.util.Objects;

/**
 * What a scenario run produced: the outcome, the sanitizer reports (as data), the failed
 * expectations, the error that stopped the run (if any) and a window of its event log (typed
 * {@link Event}s; the text forms are {@link #toText()}, {@link #toJson()} and {@link EventText}).
 *
 * <p><b>Lifetime:</b> a value. <b>Order:</b> reports and events are in the order they happened.
 * <b>Concurrency:</b> immutable.
 */
public final class RunResult {

    private final String scenario;
    private final long seed;
    private final Outcome outcome;
    private final List<Report> reports;
    private final long reportsDropped;
    private final List<String> failedExpectations;
    private final String error;
    private final List<Event> events;
    private final long eventsDropped;
    private final boolean trace;
    private final int stepsRun;

    RunResult(String scenario, long seed, List<Report> reports, long reportsDropped, List<String> failedExpectations,
              String error, List<Event> events, long eventsDropped, boolean trace, int stepsRun) {
        this.scenario = Objects.requireNonNull(scenario);
        this.seed = seed;
        this.reports = List.copyOf(reports);
        this.reportsDropped = reportsDropped;
        this.failedExpectations = List.copyOf(failedExpectations);
        this.error = error;
        this.events = List.copyOf(events);
        this.eventsDropped = eventsDropped;
        this.trace = trace;
        this.stepsRun = stepsRun;
        this.outcome = error != null || !this.failedExpectations.isEmpty() ? Outcome.SCENARIO_ERROR
                : this.reports.isEmpty() ? Outcome.CLEAN : Outcome.REPORTS;
    }

    /**
     * The result of a scenario that could not even be read: no world ran.
     *
     * @param scenario what was asked for (a name or a file)
     * @param error    why it could not run
     * @return a result with outcome {@link Outcome#SCENARIO_ERROR}, no steps and no events
     */
    public static RunResult notRun(String scenario, String error) {
        return new RunResult(scenario, Scenario.DEFAULT_SEED, List.of(), 0, List.of(),
                Objects.requireNonNull(error, "error"), List.of(), 0, false, 0);
    }

    /** @return the scenario's name */
    public String scenario() {
        return scenario;
    }

    /** @return the seed the run used */
    public long seed() {
        return seed;
    }

    /** @return the outcome: {@code SCENARIO_ERROR} if the run stopped or an expectation failed, else
     *          {@code REPORTS} if the sanitizer reported anything, else {@code CLEAN} */
    public Outcome outcome() {
        return outcome;
    }

    /** @return the sanitizer reports, in detection order (at most {@link Sanitizer#MAX_REPORTS}) */
    public List<Report> reports() {
        return reports;
    }

    /** @return how many further reports the run found and did not keep */
    public long reportsDropped() {
        return reportsDropped;
    }

    /**
     * @param kind a report kind
     * @return whether at least one report is of this kind
     */
    public boolean has(ReportKind kind) {
        return reports.stream().anyMatch(r -> r.kind() == kind);
    }

    /** @return the {@code expect} steps that did not hold, each with its line */
    public List<String> failedExpectations() {
        return failedExpectations;
    }

    /** @return why the run stopped early (with the line), or null if every step ran */
    public String error() {
        return error;
    }

    /**
     * @return the kept window of the event log, in order: the run's first {@link RunOptions#HEAD_EVENTS}
     *         events and its newest {@link RunOptions#TAIL_EVENTS} ({@link #eventsDropped()} fell out in between)
     */
    public List<Event> events() {
        return events;
    }

    /** @return how many events fell out of the window (0 for every run that fits) */
    public long eventsDropped() {
        return eventsDropped;
    }

    /** @return whether the text and JSON forms include the events ({@link RunOptions#trace()}) */
    public boolean traced() {
        return trace;
    }

    /** @return how many steps ran (the world shutdown included) */
    public int stepsRun() {
        return stepsRun;
    }

    /**
     * @return the result as people read it: the event log if traced (one line per event), then the
     *         reports, the failed expectations, the error and the verdict line
     */
    public String toText() {
        StringBuilder sb = new StringBuilder();
        if (trace) {
            EventText.appendLines(sb, events, RunOptions.HEAD_EVENTS, eventsDropped);
            sb.append('\n');
        }
        for (Report r : reports) {
            sb.append(r.toText()).append("\n\n");
        }
        if (reportsDropped > 0) {
            sb.append("... and ").append(reportsDropped).append(" more report(s), not kept\n\n");
        }
        for (String f : failedExpectations) {
            sb.append("EXPECTATION FAILED: ").append(f).append('\n');
        }
        if (error != null) {
            sb.append("SCENARIO ERROR: ").append(error).append('\n');
        }
        return sb.append(verdict()).append('\n').toString();
    }

    /** @return the one-line verdict, e.g. {@code drmm-sysfs:fixed: clean (0 reports, 9 steps, seed 1)} */
    public String verdict() {
        long n = reports.size() + reportsDropped;
        return scenario + ": " + outcome.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + " (" + n
                + " report" + (n == 1 ? "" : "s") + ", " + stepsRun + " steps, seed " + seed + ")";
    }

    /** @return the result as one JSON object (the events, as objects, only when traced) */
    public String toJson() {
        StringBuilder sb = new StringBuilder("{");
        sb.append("\"scenario\":").append(Json.str(scenario));
        sb.append(",\"outcome\":").append(Json.str(outcome.name()));
        sb.append(",\"exitCode\":").append(outcome.exitCode());
        sb.append(",\"seed\":").append(seed);
        sb.append(",\"steps\":").append(stepsRun);
        sb.append(",\"reports\":");
        Json.reports(sb, reports);
        sb.append(",\"reportsDropped\":").append(reportsDropped);
        sb.append(",\"failedExpectations\":").append(Json.strings(failedExpectations));
        sb.append(",\"error\":").append(Json.str(error));
        if (trace) {
            sb.append(",\"events\":");
            Json.events(sb, events);
            sb.append(",\"eventsDropped\":").append(eventsDropped);
        }
        return sb.append('}').toString();
    }
}
