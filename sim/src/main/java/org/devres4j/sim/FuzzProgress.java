package org.devres4j.sim;

/**
 * Told how far a fuzz run got, for a progress bar.
 *
 * <p><b>Lifetime:</b> called during {@link Fuzzer#run}. <b>Order:</b> {@code done} only grows; the
 * last call has {@code done == total} unless the run stopped at a failure. <b>Concurrency:</b> called
 * on the fuzzing thread.
 */
@FunctionalInterface
public interface FuzzProgress {

    /** Reports nothing. */
    FuzzProgress NONE = (done, total) -> { };

    /**
     * @param done  steps run so far
     * @param total steps asked for
     */
    void onProgress(int done, int total);
}
