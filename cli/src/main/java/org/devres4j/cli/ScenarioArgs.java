package org.devres4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import org.devres4j.sim.Scenario;
import org.devres4j.sim.ScenarioSyntaxException;
import org.devres4j.sim.Scenarios;

/**
 * Resolves the {@code FILE|NAME} argument of {@code run} and {@code trace}: a built-in scenario by name
 * ({@code drmm-mmio}, {@code drmm-mmio:fixed}, {@code 2}, {@code 2:fixed}) or a script file. Problems
 * are printed to the error stream and become exit code 2.
 *
 * <p><b>Lifetime:</b> stateless. <b>Order / concurrency:</b> on the calling thread.
 */
final class ScenarioArgs {

    /** The exit code of a scenario that cannot be read, parsed or run as written. */
    static final int SCENARIO_ERROR = 2;

    private ScenarioArgs() {
    }

    /**
     * @param arg the argument
     * @param err where problems go
     * @return the scenario, or null after printing why there is none
     */
    static Scenario resolve(String arg, PrintWriter err) {
        try {
            return Scenarios.resolve(arg);
        } catch (ScenarioSyntaxException e) {
            err.println("devres4j: scenario error: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            err.println("devres4j: " + e.getMessage());
        } catch (IOException e) {
            err.println("devres4j: cannot read scenario file '" + arg + "': " + e);
        }
        err.flush();
        return null;
    }
}
