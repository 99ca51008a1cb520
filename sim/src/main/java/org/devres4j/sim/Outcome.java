package org.devres4j.sim;

/**
 * How a scenario run ended; the CLI maps these to exit codes 0, 1 and 2.
 *
 * <p><b>Lifetime / order / concurrency:</b> constants.
 */
public enum Outcome {
    /** Every step ran, every expectation held, the sanitizer reported nothing. Exit code 0. */
    CLEAN(0),
    /** The sanitizer reported at least one bug. Exit code 1. */
    REPORTS(1),
    /** The scenario could not run as written: a bad step, an unmet expectation. Exit code 2. */
    SCENARIO_ERROR(2);

    private final int exitCode;

    Outcome(int exitCode) {
        this.exitCode = exitCode;
    }

    /** @return the process exit code the CLI should use */
    public int exitCode() {
        return exitCode;
    }
}
