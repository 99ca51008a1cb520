package org.devres4j.sim;

import java.io.PrintStream;
import java.util.List;
import java.util.Objects;

/**
 * The demo: runs every built-in scenario, buggy and fixed side by side, and says for each whether the
 * sanitizer caught the bug in the buggy variant and found nothing in the fixed ones.
 *
 * <p><b>Lifetime:</b> stateless. <b>Order:</b> scenarios 1 to 8. <b>Concurrency:</b> runs on the
 * calling thread.
 */
public final class Demo {

    private Demo() {
    }

    /**
     * Runs the demo and prints it.
     *
     * @param out where to print
     * @return whether every buggy variant produced its expected report class and every fixed variant
     *         ran clean
     */
    public static boolean run(PrintStream out) {
        Objects.requireNonNull(out, "Demo.run: the output must not be null");
        out.println("devres4j demo: every lifetime bug of the seeds, buggy and fixed, under the sanitizer");
        out.println();
        return table(out);
    }

    /**
     * Runs the demo and prints it without its title line (for a caller that prints its own heading).
     *
     * @param out where to print
     * @return whether every buggy variant produced its expected report class and every fixed variant
     *         ran clean
     */
    public static boolean table(PrintStream out) {
        Objects.requireNonNull(out, "Demo.table: the output must not be null");
        out.printf("%-2s %-22s %-12s %-36s %-22s %s%n", "#", "scenario", "seeds", "buggy: reports", "fixed", "verdict");
        boolean all = true;
        StringBuilder details = new StringBuilder();
        for (Scenarios.BuiltIn b : Scenarios.list()) {
            RunResult buggy = ScenarioRunner.run(b.buggy(), RunOptions.defaults());
            boolean caught = buggy.has(b.expected()) && buggy.error() == null;
            boolean clean = true;
            StringBuilder fixedText = new StringBuilder();
            for (Scenario f : b.fixed()) {
                RunResult r = ScenarioRunner.run(f, RunOptions.defaults());
                boolean ok = r.outcome() == Outcome.CLEAN;
                clean &= ok;
                if (fixedText.length() > 0) {
                    fixedText.append(", ");
                }
                fixedText.append(ok ? "clean" : r.outcome().name().toLowerCase(java.util.Locale.ROOT));
                if (!ok) {
                    details.append("  ").append(f.name()).append(" was not clean:\n")
                            .append(indent(r.toText())).append('\n');
                }
            }
            boolean pass = caught && clean;
            all &= pass;
            out.printf("%-2d %-22s %-12s %-36s %-22s %s%n", b.number(), b.name(), b.seeds(),
                    summary(buggy.reports()), fixedText, pass ? "PASS" : "FAIL");
            details.append(b.number()).append(". ").append(b.title()).append('\n');
            if (!caught) {
                details.append("  the buggy variant did not produce a ").append(b.expected().id()).append(" report:\n")
                        .append(indent(buggy.toText())).append('\n');
            } else {
                Report first = buggy.reports().stream().filter(r -> r.kind() == b.expected()).findFirst().orElseThrow();
                details.append(indent(first.toText())).append("\n\n");
            }
        }
        out.println();
        out.print(details);
        out.println(all ? "demo: PASS — every bug caught, every fix clean" : "demo: FAIL");
        return all;
    }

    private static String summary(List<Report> reports) {
        if (reports.isEmpty()) {
            return "none";
        }
        return String.join(", ", reports.stream().map(r -> r.kind().id()).distinct().toList());
    }

    private static String indent(String text) {
        return "    " + text.strip().replace("\n", "\n    ");
    }
}
