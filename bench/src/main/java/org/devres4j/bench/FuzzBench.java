package org.devres4j.bench;

import java.util.concurrent.TimeUnit;
import org.devres4j.sim.FuzzOptions;
import org.devres4j.sim.FuzzProgress;
import org.devres4j.sim.FuzzResult;
import org.devres4j.sim.Fuzzer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Simulator throughput: fuzz campaigns of {@value #STEPS} random steps against the fixed vgpu driver
 * (2 devices, 3 processes, invariants checked after every step), each with the next seed. The score
 * is steps per second (report only).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Thread)
public class FuzzBench {

    static final int STEPS = 1_000;

    private long seed = 1;

    @Benchmark
    @OperationsPerInvocation(STEPS)
    public int fuzz() {
        FuzzResult r = Fuzzer.run(FuzzOptions.of(seed++, STEPS), FuzzProgress.NONE);
        if (!r.passed()) {
            throw new IllegalStateException("FuzzBench: seed " + r.seed() + " failed at step " + r.failingStep()
                    + " (" + r.failure() + "); the fixed driver must pass, so the figure would be meaningless");
        }
        return r.stepsRun();
    }
}
