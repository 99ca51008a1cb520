package org.devres4j.sim;

import java.util.List;
import java.util.Objects;

/**
 * What a scenario run produced: the outcome, the sanitizer reports (as data), the failed
 * expectations, the error that stopped the run (if any) and the full event log.
 *
 * <p><b>Lifetime:</b> a value. <b>Order:</b> reports and events are in the order they happened.
 * <b>Concurrency:</b> immutable.
 */
public final class RunResult {

    private final String scenario;
    private final long seed;
    private final Outcome outcome;
    private final List<Report> reports;
    private final List<String> failedExpectations;
    private final String error;
    private final List<String> events;
    private final boolean trace;
    private final int stepsRun;

    RunResult(String scenario, long seed, List<Report> reports, List<String> failedExpectations, String error,
              List<String> events, boolean trace, int stepsRun) {
        this.scenario = Objects.requireNonNull(scenario);
        this.seed = seed;
        this.reports = List.copyOf(reports);
        this.failedExpectations = List.copyOf(failedExpectations);
        this.error = error;
        this.events = List.copyOf(events);
        this.trace = trace;
        this.stepsRun = stepsRun;
        this.outcome = error != null || !this.failedExpectations.isEmpty() ? Outcome.SCENARIO_ERROR
                : this.reports.isEmpty() ? Outcome.CLEAN : Outcome.REPORTS;
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

    /** @return the sanitizer reports, in detection order */
    public List<Report> reports() {
        return reports;
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

    /** @return the full event log, one line per event, in order */
    public List<String> events() {
        return events;
    }

    /** @return how many steps ran */
    public int stepsRun() {
        return stepsRun;
    }

    /** @return the result as people read it: the event log if traced, then the reports and the verdict */
    public String toText() {
        StringBuilder sb = new StringBuilder();
        if (trace) {
            for (String e : events) {
                sb.append(e).append('\n');
            }
            sb.append('\n');
        }
        for (Report r : reports) {
            sb.append(r.toText()).append("\n\n");
        }
        for (String f : failedExpectations) {
            sb.append("EXPECTATION FAILED: ").append(f).append('\n');
        }
        if (error != null) {
            sb.append("SCENARIO ERROR: ").append(error).append('\n');
        }
        sb.append(scenario).append(": ").append(outcome.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '))
                .append(" (").append(reports.size()).append(" report").append(reports.size() == 1 ? "" : "s")
                .append(", ").append(stepsRun).append(" steps, seed ").append(seed).append(")\n");
        return sb.toString();
    }

    /** @return the result as one JSON object (the event log only when traced) */
    public String toJson() {
        StringBuilder sb = new StringBuilder("{");
        sb.append("\"scenario\":").append(Json.str(scenario));
        sb.append(",\"outcome\":").append(Json.str(outcome.name()));
        sb.append(",\"exitCode\":").append(outcome.exitCode());
        sb.append(",\"seed\":").append(seed);
        sb.append(",\"steps\":").append(stepsRun);
        sb.append(",\"reports\":[");
        for (int i = 0; i < reports.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(reports.get(i).toJson());
        }
        sb.append("],\"failedExpectations\":").append(Json.strings(failedExpectations));
        sb.append(",\"error\":").append(Json.str(error));
        if (trace) {
            sb.append(",\"events\":").append(Json.strings(events));
        }
        return sb.append('}').toString();
    }
}
