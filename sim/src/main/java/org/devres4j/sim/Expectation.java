package org.devres4j.sim;

import java.util.List;

/**
 * How the {@code expect} verbs are checked, where they stand: {@code ok}, {@code errno}, {@code value} and
 * {@code text} at once, against the result of the previous step; {@code released} at once, against what
 * the previous step released; {@code device} and {@code node} at once, against the world as it is;
 * {@code report KIND} and {@code clean} against the reports made so far, before the next step — those
 * after the last step are checked after the world shutdown, so they also cover its leak checks.
 *
 * <p><b>Lifetime:</b> stateless. <b>Order:</b> see above. <b>Concurrency:</b> on the run's thread.
 */
final class Expectation {

    /** What an expectation sees. */
    interface Context {
        /** @return the result of the most recent call */
        CallResult last();

        /** @return the reports made so far */
        List<Report> reports();

        /** @return whether the check happens after the world shutdown */
        boolean afterShutdown();

        /** @return what the previous step released */
        StepReleases releases();

        /** @return the world's state as the device and node queries read it */
        Queries queries();
    }

    private Expectation() {
    }

    static String result(Step s, Context c, boolean holds) {
        return holds ? null : where(s) + s.toScript() + " — the previous step returned " + c.last();
    }

    static String released(Step s, Context c) {
        List<String> names = java.util.Arrays.stream(s.arg(1).split(",", -1)).map(String::strip).toList();
        if (names.stream().anyMatch(String::isEmpty)) {   // a parsed script cannot have one (Syntax.Type.LIST)
            throw new IllegalArgumentException(s.toScript() + ": a resource name is empty");
        }
        String problem = c.releases().check(s.arg(0), names);
        return problem == null ? null : where(s) + s.toScript() + " — " + problem;
    }

    static String device(Step s, Context c) {
        String problem = c.queries().device(s.arg(0), s.arg(1), s.option("driver"));
        return problem == null ? null : where(s) + s.toScript() + " — " + problem;
    }

    static String node(Step s, Context c) {
        String problem = c.queries().node(s.arg(0), s.arg(1), s.arg(2));
        return problem == null ? null : where(s) + s.toScript() + " — " + problem;
    }

    static String report(Step s, Context c, ReportKind kind) {
        if (c.reports().stream().anyMatch(r -> r.kind() == kind)) {
            return null;
        }
        return where(s) + "expected a " + kind.id() + " report" + (c.afterShutdown() ? "" : " by now")
                + ", the sanitizer made " + (c.reports().isEmpty() ? "none" : kinds(c.reports()));
    }

    static String clean(Step s, Context c) {
        if (c.reports().isEmpty()) {
            return null;
        }
        Report first = c.reports().get(0);
        return where(s) + "expected clean" + (c.afterShutdown() ? "" : " by now") + ", the sanitizer made "
                + c.reports().size() + " report(s), the first " + first.kind().id() + " at "
                + (first.step() > 0 ? "step " + first.step() : "world shutdown") + ": " + first.object();
    }

    static String where(Step step) {
        return step.line() > 0 ? "line " + step.line() + ": " : "";
    }

    private static String kinds(List<Report> reports) {
        return String.join(", ", reports.stream().map(r -> r.kind().id()).distinct().toList());
    }
}
