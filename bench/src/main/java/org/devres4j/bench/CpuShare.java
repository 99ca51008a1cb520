package org.devres4j.bench;

import java.lang.management.ManagementFactory;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * A JMH profiler that reports, per iteration, the share of the wall time the benchmark's JVM spent
 * on a CPU per benchmark thread: the process CPU time of the iteration divided by its wall time
 * times the thread count. On an idle machine it is about 1; on a machine whose cores are shared
 * with other work it is the fraction of time the benchmark threads actually ran, and a JMH score
 * (wall time per operation) times this share is the CPU time per operation.
 *
 * <p>The report computes its ratios from that CPU time ({@code cpu.ns} in the samples): waiting for
 * a core that another engineer's build holds is not a cost of the code under test. What it cannot
 * remove: caches and memory bandwidth shared with the other work, and for multi-threaded benchmarks
 * the fact that, under load, the threads overlap less than on an idle machine (so contention between
 * them is under-counted). The JIT's and the GC's threads count as the process's CPU time too: the
 * warm-up waits for a quiet JIT, and GC work is part of what an allocating benchmark costs.
 *
 * <p><b>Lifetime:</b> JMH creates one instance per benchmark run. <b>Concurrency:</b> JMH calls it
 * from its control thread, before and after each iteration.
 */
public final class CpuShare implements InternalProfiler {

    /** The secondary result's name. */
    static final String NAME = "cpu.share";

    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private long cpu0;
    private long wall0;

    @Override
    public String getDescription() {
        return "share of the wall time the JVM ran on a CPU, per benchmark thread";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        cpu0 = os.getProcessCpuTime();
        wall0 = System.nanoTime();
    }

    @Override
    public Collection<? extends Result> afterIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams,
                                                       IterationResult result) {
        double share = share(os.getProcessCpuTime() - cpu0, System.nanoTime() - wall0, benchmarkParams.getThreads());
        return List.of(new ScalarResult(NAME, share, "", AggregationPolicy.AVG));
    }

    /**
     * @param cpuNanos  process CPU time spent
     * @param wallNanos wall time passed
     * @param threads   benchmark threads
     * @return cpu / (wall × threads)
     * @throws IllegalArgumentException if the wall time or the thread count is not positive, or the
     *                                  CPU time negative
     */
    static double share(long cpuNanos, long wallNanos, int threads) {
        if (wallNanos <= 0 || threads <= 0 || cpuNanos < 0) {
            throw new IllegalArgumentException("CpuShare: need cpu ≥ 0, wall > 0 and threads > 0; got cpu " + cpuNanos
                    + " ns, wall " + wallNanos + " ns, " + threads + " threads (is process CPU time unsupported here?)");
        }
        return (double) cpuNanos / ((double) wallNanos * threads);
    }
}
