package org.devres4j.sim;

/**
 * A step that cannot run as written — an unknown device, a file never opened, a driver variant that
 * does not exist: the runner turns it into a scenario error naming the step's line (exit code 2); the
 * fuzzer's shrinker skips such a step.
 *
 * <p><b>Lifetime:</b> thrown before the step changed anything. <b>Order:</b> the first one stops the
 * run. <b>Concurrency:</b> immutable.
 */
final class ScenarioStepException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ScenarioStepException(String message) {
        super(message);
    }

    /** A refusal that restates a lower layer's typed one in the step's terms; {@code cause} is that one. */
    ScenarioStepException(String message, Throwable cause) {
        super(message, cause);
    }
}
