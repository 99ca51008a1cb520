package org.devres4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import org.devres4j.sim.Scenario;
import org.devres4j.sim.ScenarioSyntaxException;
import org.devres4j.sim.Scenarios;

/**
 * Resolves the {@code FILE|NAME} argument of {@code run} and {@code trace}: a built-in scenario by name
 * ({@code drmm-mmio}, {@code drmm-mmio:fixed}, {@code 2}, {@code 2:fixed}) or a script file. A problem
 * (unknown name, unreadable file, a file that is not UTF-8, a malformed script with its line and
 * column) becomes exit code 2.
 *
 * <p><b>Lifetime:</b> stateless. <b>Order / concurrency:</b> on the calling thread.
 */
final class ScenarioArgs {

    /** The exit code of a scenario that cannot be read, parsed or run as written. */
    static final int SCENARIO_ERROR = 2;

    /**
     * The scenario, or why there is none.
     *
     * @param scenario the scenario, or null
     * @param error    the message for people, or null
     */
    record Resolved(Scenario scenario, String error) {
    }

    private ScenarioArgs() {
    }

    /**
     * @param arg the argument
     * @return the scenario, or the error message
     */
    static Resolved resolve(String arg) {
        try {
            return new Resolved(Scenarios.resolve(arg), null);
        } catch (ScenarioSyntaxException e) {
            return new Resolved(null, "scenario error: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            return new Resolved(null, e.getMessage());
        } catch (IOException e) {
            return new Resolved(null, "cannot read scenario file " + Main.quotePath(arg) + ": " + Main.oneLine(e));
        }
    }

    /**
     * Resolves the argument and, if there is no scenario, says why on {@code err} ({@code devres4j: ...}).
     *
     * @param arg the argument
     * @param err the command's error stream
     * @return the scenario, or the error message (already printed)
     */
    static Resolved resolveOrSay(String arg, PrintWriter err) {
        Resolved resolved = resolve(arg);
        if (resolved.scenario() == null) {
            err.println("devres4j: " + resolved.error());
            err.flush();
        }
        return resolved;
    }
}
