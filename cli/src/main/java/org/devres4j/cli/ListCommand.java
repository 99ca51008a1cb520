package org.devres4j.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.devres4j.sim.Scenario;
import org.devres4j.sim.Scenarios;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code devres4j list}: the built-in scenarios — number, name, seeds, the report the buggy variant
 * must produce, title, and the names {@code run} accepts for each variant.
 *
 * <p><b>Lifetime:</b> reads the immutable built-in set. <b>Order:</b> scenarios 1 to 8.
 * <b>Concurrency:</b> on the calling thread.
 */
@Command(name = "list", description = {"List the built-in scenarios: number, name, seeds, the report the buggy "
        + "variant must produce, and the variant names 'run' accepts.", "Exit code: 0."})
final class ListCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        out.printf("%-2s %-22s %-12s %-18s %s%n", "#", "name", "seeds", "expected report", "title");
        for (Scenarios.BuiltIn b : Scenarios.list()) {
            out.printf("%-2d %-22s %-12s %-18s %s%n", b.number(), b.name(), b.seeds(), b.expected().id(), b.title());
            StringBuilder variants = new StringBuilder(b.buggy().name());
            for (Scenario f : b.fixed()) {
                variants.append(", ").append(f.name());
            }
            out.printf("   %-22s %s%n", "", "run: " + variants);
        }
        out.println();
        out.println("devres4j run NAME runs the buggy variant (exit 1 with its report); NAME:fixed runs the fix (exit 0).");
        out.flush();
        return 0;
    }
}
