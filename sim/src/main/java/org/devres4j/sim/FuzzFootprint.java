package org.devres4j.sim;

/**
 * What a fuzz run kept alive, measured by {@link Fuzzer#footprint(FuzzOptions)}: for benchmarks and
 * tests of the bounded-memory rule (DESIGN.md invariant 12), which compare two step counts.
 *
 * <p><b>Lifetime / order / concurrency:</b> an immutable value.
 *
 * @param steps          random steps run
 * @param retainedBytes  heap in use after garbage collection with the world still up after the last
 *                       step (the whole JVM's heap: compare two runs, do not read one alone)
 * @param eventsKept     events the result kept (its bounded window)
 * @param allocatedBytes bytes the fuzzing thread allocated during the random steps, or -1 if the JVM
 *                       cannot tell
 * @param elapsedMillis  wall time of the random steps
 */
public record FuzzFootprint(int steps, long retainedBytes, int eventsKept, long allocatedBytes, long elapsedMillis) {

    /**
     * @param smaller the footprint of a shorter run of the same options
     * @return how many bytes the retained heap grew per extra step, from {@code smaller} to this one
     */
    public double retainedBytesPerStep(FuzzFootprint smaller) {
        int extra = steps - smaller.steps;
        if (extra <= 0) {
            throw new IllegalArgumentException("retainedBytesPerStep: " + smaller.steps + " steps is not fewer than "
                    + steps);
        }
        return (retainedBytes - smaller.retainedBytes) / (double) extra;
    }

    /** @return bytes allocated per step (garbage included), or -1 if unknown */
    public double allocatedBytesPerStep() {
        return allocatedBytes < 0 || steps == 0 ? -1 : allocatedBytes / (double) steps;
    }

    /** @return random steps per second of wall time */
    public double stepsPerSecond() {
        return elapsedMillis <= 0 ? steps * 1000.0 : steps * 1000.0 / elapsedMillis;
    }
}
