package org.devres4j.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.apache.commons.math3.stat.regression.SimpleRegression;
import org.devres4j.sim.FuzzOptions;
import org.devres4j.sim.FuzzProgress;
import org.devres4j.sim.FuzzResult;
import org.devres4j.sim.Fuzzer;

/**
 * Whether a fuzz campaign's memory is bounded: the heap a running campaign retains, measured at
 * {@value #POINTS} points of its progress, and the slope of a least-squares line through them —
 * bytes retained per step. Bounded memory (DESIGN.md invariant 12) means a slope near 0; a
 * campaign that keeps something per step (an event log, the steps it ran) shows that something's
 * size.
 *
 * <p>How: {@link Fuzzer#run} calls back every 1% of its steps ({@link FuzzProgress}); at every
 * tenth of the run the callback forces two full collections and reads the used heap
 * ({@link MemoryMXBean}). bench/run starts this class in a JVM with the serial collector, whose
 * full collection leaves exactly the live objects, so the figure is retained bytes, not garbage.
 * This is the heap of the whole JVM, not of the fuzzer's objects alone (the simulator exposes no
 * hook for its own footprint yet); everything else in this JVM stays the same during a run, so the
 * slope is the fuzzer's.
 *
 * <p>One round per seed ({@link Plan.Timing#rounds()} seeds); the report takes the median and the
 * interval over the rounds. Usage: {@code FuzzMemory --out DIR [--quick] [--steps N]}; writes
 * {@code DIR/fuzz-memory.tsv}.
 */
public final class FuzzMemory {

    /** Heap readings per campaign. */
    static final int POINTS = 10;

    private FuzzMemory() {
    }

    public static void main(String[] args) throws Exception {
        Args a = new Args("FuzzMemory", args, List.of("--quick"), List.of("--out", "--steps"));
        Path out = Path.of(a.required("--out"));
        boolean quick = a.flag("--quick");
        int steps = a.positiveInt("--steps", quick ? 20_000 : 100_000);
        if (steps < POINTS) {
            throw new IllegalArgumentException("FuzzMemory: --steps must be at least " + POINTS + ", got " + steps);
        }
        int rounds = Plan.Timing.of(quick).rounds();
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        Samples samples = new Samples();
        campaign(1_000, 1_000, memory); // warm-up: class loading and JIT happen outside the measured runs
        for (int round = 1; round <= rounds; round++) {
            SimpleRegression line = campaign(round, steps, memory);
            double slope = line.getSlope();
            double endMb = (line.getIntercept() + slope * steps) / 1e6;
            samples.put("fuzz-memory", "fuzz", round, "B.per.step", slope);
            samples.put("fuzz-memory", "fuzz", round, "heap.MB", endMb);
            System.out.printf(Locale.ROOT, "  fuzz-memory round %d/%d: seed %d, %,d steps: %.1f B retained per step, heap %.1f MB at the end%n",
                    round, rounds, round, steps, slope, endMb);
        }
        samples.write(out, "fuzz-memory", "heap retained by a fuzz campaign of " + steps + " steps (fixed vgpu, 2 devices, 3 processes), "
                + POINTS + " readings after full GCs, least-squares slope; Java " + System.getProperty("java.version")
                + ", collector " + ManagementFactory.getGarbageCollectorMXBeans().get(0).getName());
    }

    private static SimpleRegression campaign(long seed, int steps, MemoryMXBean memory) {
        SimpleRegression line = new SimpleRegression();
        int every = Math.max(1, steps / POINTS);
        int[] next = {every};
        FuzzProgress reading = (done, total) -> {
            if (done >= next[0]) {
                line.addData(done, usedAfterGc(memory));
                next[0] = done + every;
            }
        };
        FuzzResult r = Fuzzer.run(FuzzOptions.of(seed, steps), reading);
        if (!r.passed()) {
            throw new IllegalStateException("FuzzMemory: seed " + seed + " failed at step " + r.failingStep() + " (" + r.failure()
                    + "); the fixed driver must pass, so the figure would be meaningless");
        }
        if (line.getN() < 3) {
            throw new IllegalStateException("FuzzMemory: only " + line.getN() + " heap readings in " + steps
                    + " steps; the fuzzer reports progress less often than every 1% of the steps");
        }
        return line;
    }

    private static long usedAfterGc(MemoryMXBean memory) {
        System.gc();
        System.gc();
        return memory.getHeapMemoryUsage().getUsed();
    }
}
