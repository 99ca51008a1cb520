package org.devres4j.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.devres4j.sim.Event;
import org.devres4j.sim.EventText;
import org.devres4j.sim.Report;
import org.devres4j.sim.RunOptions;
import org.devres4j.sim.RunResult;

/**
 * Turns a simulated run ({@link RunResult}) into its {@link Timeline}: one column per step, every kept
 * event in order, a window gap where events were not kept, and each sanitizer report as a finding on the
 * bar of the resource its {@link Report#subject()} names, with the owner whose release should have ended it.
 * Everything is read from the typed events and reports; nothing is parsed back from text.
 *
 * <p><b>Lifetime:</b> stateless. <b>Order:</b> the events in the order of {@link RunResult#events()}.
 * <b>Concurrency:</b> pure function, any thread.
 */
final class RunTimeline {

    private RunTimeline() {
    }

    /**
     * @param result a run
     * @return its picture
     */
    static Timeline of(RunResult result) {
        TimelineBuilder b = new TimelineBuilder(result.scenario());
        String outcome = result.outcome().name().toLowerCase(Locale.ROOT);
        long events = result.events().size() + result.eventsDropped();
        long reports = result.reports().size() + result.reportsDropped();
        b.outcome(outcome.replace('_', ' '), outcome)
                .fact("exit code", String.valueOf(result.outcome().exitCode()))
                .fact("seed", String.valueOf(result.seed()))
                .fact("steps", String.valueOf(result.stepsRun()))
                .fact("events", events + (result.eventsDropped() > 0 ? " (" + result.eventsDropped() + " not kept)" : ""))
                .fact("sanitizer reports", String.valueOf(reports));
        for (String f : result.failedExpectations()) {
            b.problem("expectation failed: " + f);
        }
        if (result.error() != null) {
            b.problem("scenario error: " + result.error());
        }
        List<Event> list = result.events();
        int currentStep = Integer.MIN_VALUE;
        for (int i = 0; i < list.size(); i++) {
            Event e = list.get(i);
            if (i == RunOptions.HEAD_EVENTS && result.eventsDropped() > 0) {
                b.gap(result.eventsDropped());
                currentStep = Integer.MIN_VALUE;
            }
            if (e.isStepStart()) {
                b.column(e.step(), String.valueOf(e.step()), e.name(), e.line());
                b.stepLine(e.step(), e.name(), e.line());
                currentStep = e.step();
                continue;
            }
            if (e.step() != currentStep) {
                // events before the first step (the world's setup) or after a gap, in a step whose start was not kept
                b.column(e.step(), String.valueOf(e.step()), e.step() == 0 ? "setup" : "", e.line());
                currentStep = e.step();
            }
            b.event(e.step(), e.verb(), e.owner(), e.order(), e.effect(), e.name(), e.detail(), EventText.body(e),
                    e.report());
        }
        List<Report> rs = result.reports();
        for (int n = 1; n <= rs.size(); n++) {
            Report r = rs.get(n - 1);
            List<String[]> fields = new ArrayList<>();
            field(fields, "object", r.object());
            field(fields, "what", r.detail());
            field(fields, "allocated", r.allocated());
            field(fields, "released", r.released());
            field(fields, "should have", r.shouldHave());
            Report.Subject s = r.subject();
            b.finding(n, r.kind().id(), r.kind().title(), r.object(),
                    r.step() > 0 ? "step " + r.step() + (r.line() > 0 ? ", line " + r.line() : "") : "at world shutdown",
                    r.step(), fields, r.chain(), s == null ? null : s.owner(), s == null ? 0 : s.order(),
                    s == null ? null : s.lifetimeOwner());
        }
        return b.build();
    }

    private static void field(List<String[]> fields, String label, String value) {
        if (!value.isEmpty()) {
            fields.add(new String[] {label, value});
        }
    }
}
